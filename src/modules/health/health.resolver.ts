import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { GraphqlContext } from '../../common/graphql-context';
import { DateScalar, DateTimeScalar } from '../../common/scalars/date.scalar';
import { AccountModel } from '../accounts/models/account.model';
import { AccountEntity } from '../accounts/account.entity';
import { UserModel } from '../users/models/user.model';
import { UserEntity } from '../users/user.entity';
import { USER_BY_ID } from '../accounts/accounts.loaders';
import { AccountHealthView, HealthReads } from './health-reads.service';
import { ScorecardsService } from './scorecards.service';
import { ScorecardPreview } from './scorecard-preview.service';
import { HealthOverrides } from './health-overrides.service';
import { ScorecardImpact } from './scorecard-impact.service';
import { ScorecardImpactModel } from './models/scorecard-impact.model';
import { HealthBackfill } from './health-backfill.service';
import { HealthRecomputer } from './health-recompute.service';
import { HEALTH_BY_ACCOUNT } from './health.loaders';
import {
  AccountHealthModel,
  HealthOverrideModel,
  HealthPointModel,
  OverrideBand,
  ScorecardInput,
  ScorecardModel,
} from './models/health.model';

const READERS = [Role.ADMIN, Role.MANAGER, Role.CSM];

@Resolver(() => AccountModel)
export class AccountHealthResolver {
  constructor(private readonly health: HealthReads) {}

  @ResolveField('health', () => AccountHealthModel, {
    nullable: true,
    description: 'The stored latest snapshot (never recomputed per request); null before the first computation.',
  })
  healthOf(@Parent() a: AccountEntity, @Context() ctx: GraphqlContext): Promise<AccountHealthView | null> {
    return ctx.loaders.get<string, AccountHealthView | null>(HEALTH_BY_ACCOUNT).load(a.id);
  }

  @ResolveField(() => [HealthPointModel], {
    description: 'One point per day in [from, to) (default: the last 90 days).',
  })
  healthHistory(
    @Parent() a: AccountEntity,
    @Args('from', { type: () => DateScalar, nullable: true }) from?: string,
    @Args('to', { type: () => DateScalar, nullable: true }) to?: string,
  ) {
    return this.health.history(a.id, from, to);
  }
}

@Resolver(() => HealthOverrideModel)
export class HealthOverrideResolver {
  @ResolveField(() => UserModel, { nullable: true })
  setBy(@Parent() o: HealthOverrideModel, @Context() ctx: GraphqlContext): Promise<UserEntity | null> | null {
    return o.setById ? ctx.loaders.get<string, UserEntity | null>(USER_BY_ID).load(o.setById) : null;
  }
}

@Resolver(() => ScorecardModel)
export class HealthResolver {
  constructor(
    private readonly scorecardStore: ScorecardsService,
    private readonly previews: ScorecardPreview,
    private readonly overrides: HealthOverrides,
    private readonly backfill: HealthBackfill,
    private readonly recomputer: HealthRecomputer,
    private readonly impacts: ScorecardImpact,
  ) {}

  @Query(() => [ScorecardModel], { description: 'The current version of every scorecard.' })
  @Roles(...READERS)
  scorecards() {
    return this.scorecardStore.listScorecards();
  }

  @Mutation(() => ScorecardModel, {
    description: 'Saves a scorecard as a new version and recomputes the accounts it applies to.',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  upsertScorecard(@CurrentUser() p: Principal, @Args('input') input: ScorecardInput) {
    return this.scorecardStore.upsertScorecard(input, p);
  }

  @Query(() => [AccountHealthModel], {
    description: 'What-if: scores accounts with an unsaved scorecard. Nothing is saved.',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  previewScorecard(
    @CurrentUser() p: Principal,
    @Args('input') input: ScorecardInput,
    @Args('accountIds', { type: () => [ID] }) accountIds: string[],
  ) {
    return this.previews.preview(input, accountIds, p);
  }

  @Query(() => ScorecardImpactModel, {
    description:
      'What-if over the whole scope of an unsaved scorecard (its segment, or the default scope): the accounts whose band would change today, before → after. Nothing is saved.',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  scorecardImpact(
    @Args('input') input: ScorecardInput,
    @Args('limit', { type: () => Int, defaultValue: 100, description: 'At most this many changes listed (1..500).' })
    limit: number,
  ) {
    return this.impacts.impact(input, limit);
  }

  @Mutation(() => HealthOverrideModel, {
    description: 'Sets the band people see until expiresAt (≤ 90 days); the computed score stays visible.',
  })
  @Roles(...READERS)
  overrideHealth(
    @CurrentUser() p: Principal,
    @Args('accountId', { type: () => ID }) accountId: string,
    @Args('band', { type: () => OverrideBand }) band: string,
    @Args('reason') reason: string,
    @Args('expiresAt', { type: () => DateTimeScalar }) expiresAt: Date,
  ) {
    return this.overrides.setOverride(p, accountId, band, reason, expiresAt);
  }

  @Mutation(() => Boolean, { description: 'Removes the active override; false when there was none.' })
  @Roles(...READERS)
  clearHealthOverride(@CurrentUser() p: Principal, @Args('accountId', { type: () => ID }) accountId: string) {
    return this.overrides.clearOverride(p, accountId);
  }

  @Mutation(() => Int, {
    description: 'Recomputes daily history as of each day in [from, to); returns the points written.',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  backfillHealthHistory(
    @Args('scorecardId', { type: () => ID, nullable: true }) scorecardId: string | null,
    @Args('from', { type: () => DateScalar }) from: string,
    @Args('to', { type: () => DateScalar }) to: string,
  ) {
    return this.backfill.backfillHistory(scorecardId ?? null, from, to);
  }

  @Mutation(() => Int, {
    description: 'Recomputes now (null = every account you can see); returns the accounts computed.',
  })
  @Roles(...READERS)
  recomputeHealth(
    @CurrentUser() p: Principal,
    @Args('accountIds', { type: () => [ID], nullable: true }) accountIds?: string[] | null,
  ) {
    return this.recomputer.recomputeForCaller(p, accountIds);
  }
}
