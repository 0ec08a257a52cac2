import { Global, Module } from '@nestjs/common';
import { DataLoaderFactory } from './loaders/data-loader.factory';
import { ReadModelCache } from './read-cache/read-model-cache.service';

@Global()
@Module({
  providers: [DataLoaderFactory, ReadModelCache],
  exports: [DataLoaderFactory, ReadModelCache],
})
export class CommonModule {}
