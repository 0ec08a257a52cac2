import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataLoaderFactory } from '../../common/loaders/data-loader.factory';
import { Connection } from '../../common/pagination/connection';
import { AccountNps, FeedbackService, FeedPageKey } from './feedback.service';
import { FeedbackItemRow } from './models/feedback.model';

export const ACCOUNT_NPS = 'accountNpsByAccount';
export const FEEDBACK_FEED = 'feedbackFeedPage';

/** Feed page keys travel as strings so equal requests in one GraphQL request share one load. */
export function feedKey(k: FeedPageKey): string {
  return JSON.stringify([k.accountId, k.first, k.after]);
}

@Injectable()
export class FeedbackLoaders implements OnModuleInit {
  constructor(
    private readonly factory: DataLoaderFactory,
    private readonly feedback: FeedbackService,
  ) {}

  onModuleInit(): void {
    this.factory.register<string, AccountNps>(ACCOUNT_NPS, (ids) => this.feedback.accountNps(ids));
    this.factory.register<string, Connection<FeedbackItemRow>>(FEEDBACK_FEED, (keys) =>
      this.feedback.feedPages(
        keys.map((k) => {
          const [accountId, first, after] = JSON.parse(k) as [string, number, [string, string] | null];
          return { accountId, first, after };
        }),
      ),
    );
  }
}
