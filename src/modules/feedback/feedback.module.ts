import { Module } from '@nestjs/common';
import { FeedbackService } from './feedback.service';
import { FeedbackResolver } from './feedback.resolver';
import { FeedbackLoaders } from './feedback.loaders';

/** NPS, CSAT and free-text feedback: recording, the NPS summary, and account.nps / account.feedback. */
@Module({
  providers: [FeedbackService, FeedbackResolver, FeedbackLoaders],
  exports: [FeedbackService],
})
export class FeedbackModule {}
