import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataLoaderFactory } from '../../common/loaders/data-loader.factory';
import { AccountHealthView, HealthReads } from './health-reads.service';

export const HEALTH_BY_ACCOUNT = 'healthByAccount';

@Injectable()
export class HealthLoaders implements OnModuleInit {
  constructor(
    private readonly factory: DataLoaderFactory,
    private readonly health: HealthReads,
  ) {}

  onModuleInit(): void {
    this.factory.register<string, AccountHealthView | null>(HEALTH_BY_ACCOUNT, async (ids) => {
      const found = await this.health.currentFor(ids);
      return ids.map((id) => found.get(id) ?? null);
    });
  }
}
