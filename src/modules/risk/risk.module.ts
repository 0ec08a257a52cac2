import { Module } from '@nestjs/common';
import { RiskFeaturesService } from './risk-features.service';
import { RiskModelsService } from './risk-models.service';
import { RiskScoringService } from './risk-scoring.service';
import { RiskTrainingService } from './risk-training.service';
import { RiskLoaders } from './risk.loaders';
import { AccountRiskResolver, RiskModelsResolver } from './risk.resolver';

/**
 * Churn risk: features as of a moment (observed-data rule), model training and evaluation in the background,
 * account scores with plain-language drivers, account.risk.
 */
@Module({
  providers: [
    RiskFeaturesService,
    RiskModelsService,
    RiskTrainingService,
    RiskScoringService,
    RiskLoaders,
    RiskModelsResolver,
    AccountRiskResolver,
  ],
  exports: [RiskTrainingService, RiskScoringService],
})
export class RiskModule {}
