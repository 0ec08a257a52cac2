import { Module } from '@nestjs/common';
import { FeedbackService } from './feedback.service';
import { FeedbackResolver } from './feedback.resolver';
import { FeedbackLoaders } from './feedback.loaders';
import { VoiceFigures } from './voice-figures.service';
import { VerbatimFeed } from './verbatim-feed.service';
import { VoiceResolver } from './voice.resolver';

/** NPS, CSAT and free-text feedback: recording, the NPS summary, and account.nps / account.feedback;
 * the book-wide voice figures (npsTrend, csatSummary) and the verbatim feed. */
@Module({
  providers: [FeedbackService, FeedbackResolver, FeedbackLoaders, VoiceFigures, VerbatimFeed, VoiceResolver],
  exports: [FeedbackService],
})
export class FeedbackModule {}
