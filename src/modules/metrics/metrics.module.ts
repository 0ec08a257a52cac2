import { Module } from '@nestjs/common';
import { CsCostsService } from './cs-costs.service';
import { CsCostsResolver } from './cs-costs.resolver';
import { MetricsService } from './metrics.service';
import { MetricsResolver } from './metrics.resolver';
import { MetricAccountsService } from './metric-accounts.service';
import { MetricAccountsResolver } from './metric-accounts.resolver';
import { CsmScorecardService } from './csm-scorecard.service';

/** Retention metrics (issue #6): set-based SQL facts + the pure formulas of src/core/metrics. */
@Module({
  providers: [
    MetricsService,
    MetricsResolver,
    MetricAccountsService,
    MetricAccountsResolver,
    CsmScorecardService,
    CsCostsService,
    CsCostsResolver,
  ],
  exports: [MetricsService],
})
export class MetricsModule {}
