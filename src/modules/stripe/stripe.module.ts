import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { SignalsModule } from '../signals/signals.module';
import { SourcesModule } from '../sources/sources.module';
import { StripeCustomersService } from './stripe-customers.service';
import { StripeEventsService } from './stripe-events.service';
import { StripeMrrService } from './stripe-mrr.service';
import { StripeImportService } from './stripe-import.service';
import { StripeParkedService } from './stripe-parked.service';
import { StripeResolver } from './stripe.resolver';
import { StripeStats } from './stripe-stats';
import { StripeWebhookController } from './stripe-webhook.controller';

/** Stripe billing → the MRR ledger, payment signals and account mapping (docs/connectors.md). */
@Module({
  imports: [LedgerModule, SignalsModule, SourcesModule],
  providers: [
    StripeCustomersService,
    StripeEventsService,
    StripeMrrService,
    StripeParkedService,
    StripeImportService,
    StripeResolver,
    StripeStats,
  ],
  controllers: [StripeWebhookController],
  exports: [StripeCustomersService, StripeMrrService, StripeImportService],
})
export class StripeModule implements OnApplicationBootstrap {
  constructor(private readonly mrr: StripeMrrService) {}

  async onApplicationBootstrap(): Promise<void> {
    // Points that came due while the service was down (a discount ending, a cancellation at period end).
    await this.mrr.materialiseDue().catch(() => undefined);
  }
}
