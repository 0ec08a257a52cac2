import { Module } from '@nestjs/common';
import { HealthService } from './health.service';
import { AccountHealthResolver, HealthOverrideResolver, HealthResolver } from './health.resolver';
import { HealthLoaders } from './health.loaders';

@Module({
  providers: [HealthService, HealthResolver, AccountHealthResolver, HealthOverrideResolver, HealthLoaders],
  exports: [HealthService],
})
export class HealthModule {}
