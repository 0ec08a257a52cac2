import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../../common/auth/roles.decorator';
import { Role } from '../../common/auth/role.enum';
import { AppError } from '../../common/errors/app-error';
import { STRIPE_ID_RE } from '../../core/billing/subscription';
import { StripeParkedEventsModel, StripeReplayResultModel } from './stripe.models';
import { StripeEventsService } from './stripe-events.service';
import { StripeParkedService } from './stripe-parked.service';

@Resolver()
export class StripeResolver {
  constructor(
    private readonly parked: StripeParkedService,
    private readonly events: StripeEventsService,
  ) {}

  @Query(() => StripeParkedEventsModel, {
    description: 'ADMIN, MANAGER. Stripe events parked with their reason (oldest first), to fix and replay.',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  stripeParkedEvents(@Args('first', { type: () => Int, defaultValue: 50 }) first: number) {
    if (!Number.isInteger(first) || first < 1 || first > 500) throw AppError.badInput('first', 'must be 1 to 500');
    return this.parked.list(first);
  }

  @Mutation(() => [StripeReplayResultModel], {
    description: 'ADMIN. Re-processes parked Stripe events (the given ids, or all of them, at most 1,000).',
  })
  @Roles(Role.ADMIN)
  replayStripeEvents(@Args('ids', { type: () => [ID], nullable: true }) ids: string[] | null) {
    if (ids && (ids.length > 1000 || ids.some((id) => !STRIPE_ID_RE.test(id))))
      throw AppError.badInput('ids', 'at most 1,000 Stripe event ids (evt_…)');
    return this.events.replayParked({ ids: ids ?? undefined });
  }
}
