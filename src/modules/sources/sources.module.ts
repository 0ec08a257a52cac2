import { Module } from '@nestjs/common';
import { SourcesService } from './sources.service';
import { SourceStatsService } from './source-stats.service';
import { SourcesResolver } from './sources.resolver';

/**
 * Connector sources (issue #21): write keys, settings, per-source counters and errors, the unattributed backlog.
 * Connectors (Segment, Stripe, imports) import this module and call SourcesService / SourceStatsService.
 */
@Module({
  providers: [SourcesService, SourceStatsService, SourcesResolver],
  exports: [SourcesService, SourceStatsService],
})
export class SourcesModule {}
