import { Module } from '@nestjs/common';
import { AccountHealthResolver, HealthOverrideResolver, HealthResolver } from './health.resolver';
import { HealthLoaders } from './health.loaders';
import { ScorecardsService } from './scorecards.service';
import { HealthComputer } from './health-computer.service';
import { HealthRecomputer } from './health-recompute.service';
import { HealthRecomputeScheduler } from './health-recompute.scheduler';
import { HealthBackfill } from './health-backfill.service';
import { HealthReads } from './health-reads.service';
import { ScorecardPreview } from './scorecard-preview.service';
import { HealthOverrides } from './health-overrides.service';
import { ScorecardImpact } from './scorecard-impact.service';

/**
 * Health: scorecards → computer (SQL gathers, core scores) → recomputer (stores snapshots, emits health.changed),
 * scheduled by the recompute scheduler (dirty queue, scorecard saves, nightly); backfill, reads, preview, overrides.
 */
@Module({
  providers: [
    ScorecardsService,
    HealthComputer,
    HealthRecomputer,
    HealthRecomputeScheduler,
    HealthBackfill,
    HealthReads,
    ScorecardPreview,
    ScorecardImpact,
    HealthOverrides,
    HealthResolver,
    AccountHealthResolver,
    HealthOverrideResolver,
    HealthLoaders,
  ],
  exports: [HealthRecomputer, HealthBackfill],
})
export class HealthModule {}
