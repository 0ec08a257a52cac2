import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataLoaderFactory, groupByKeys } from '../../common/loaders/data-loader.factory';
import { LedgerService } from './ledger.service';

export const MRR_HISTORY = 'mrrHistoryByAccount';

@Injectable()
export class LedgerLoaders implements OnModuleInit {
  constructor(
    private readonly factory: DataLoaderFactory,
    private readonly ledger: LedgerService,
  ) {}

  onModuleInit(): void {
    this.factory.register<string, unknown[]>(MRR_HISTORY, async (ids) =>
      groupByKeys(ids, await this.ledger.movementsFor(ids), (m) => m.accountId),
    );
  }
}
