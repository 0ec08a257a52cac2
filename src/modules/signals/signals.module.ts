import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { SignalsService } from './signals.service';
import { SignalsResolver } from './signals.resolver';
import { SignalsLoaders } from './signals.loaders';
import { SignalsIngestController } from './signals-ingest.controller';

/** Usage signals: ingestion (GraphQL, NDJSON over HTTP, CLI), monthly-partitioned raw events, daily rollups. */
@Module({
  imports: [UsersModule],
  providers: [SignalsService, SignalsResolver, SignalsLoaders],
  controllers: [SignalsIngestController],
  exports: [SignalsService],
})
export class SignalsModule {}
