import { Injectable, OnModuleInit } from '@nestjs/common';
import { byKeys, DataLoaderFactory } from '../../common/loaders/data-loader.factory';
import { AccountClvRow, ClvService } from './clv.service';

export const CLV_BY_ACCOUNT = 'clvByAccount';

@Injectable()
export class ClvLoaders implements OnModuleInit {
  constructor(
    private readonly factory: DataLoaderFactory,
    private readonly clv: ClvService,
  ) {}

  onModuleInit(): void {
    this.factory.register<string, AccountClvRow | null>(CLV_BY_ACCOUNT, async (ids) =>
      byKeys(ids, await this.clv.clvFor(ids), (r) => r.accountId, null),
    );
  }
}
