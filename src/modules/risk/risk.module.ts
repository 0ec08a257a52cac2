import { Module } from '@nestjs/common';
import { RiskService } from './risk.service';
import { RiskLoaders } from './risk.loaders';
import { AccountRiskResolver, RiskModelsResolver } from './risk.resolver';

/** Churn risk (issue #5): model training and evaluation, account scores, account.risk. */
@Module({
  providers: [RiskService, RiskLoaders, RiskModelsResolver, AccountRiskResolver],
  exports: [RiskService],
})
export class RiskModule {}
