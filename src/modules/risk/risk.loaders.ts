import { Injectable, OnModuleInit } from '@nestjs/common';
import { byKeys, DataLoaderFactory } from '../../common/loaders/data-loader.factory';
import { AccountRiskRow, RiskScoringService } from './risk-scoring.service';

export const RISK_BY_ACCOUNT = 'riskByAccount';

@Injectable()
export class RiskLoaders implements OnModuleInit {
  constructor(
    private readonly factory: DataLoaderFactory,
    private readonly risk: RiskScoringService,
  ) {}

  onModuleInit(): void {
    this.factory.register<string, AccountRiskRow | null>(RISK_BY_ACCOUNT, async (ids) =>
      byKeys(ids, await this.risk.riskFor(ids), (r) => r.accountId, null),
    );
  }
}
