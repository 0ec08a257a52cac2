import { Module } from '@nestjs/common';
import { SignalsModule } from '../signals/signals.module';
import { SourcesModule } from '../sources/sources.module';
import { SegmentController } from './segment.controller';
import { SegmentIngestService } from './segment-ingest.service';
import { SegmentMappingsService } from './segment-mappings.service';
import { SegmentBacklogService } from './segment-backlog.service';
import { SegmentResolver } from './segment.resolver';

/** The Segment-compatible tracking API (POST /v1/*) and its per-source event mappings. */
@Module({
  imports: [SignalsModule, SourcesModule],
  controllers: [SegmentController],
  providers: [SegmentIngestService, SegmentMappingsService, SegmentBacklogService, SegmentResolver],
})
export class SegmentModule {}
