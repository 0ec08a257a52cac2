import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AppError } from '../../common/errors/app-error';
import { GraphqlContext } from '../../common/graphql-context';
import { AccountModel } from '../accounts/models/account.model';
import { AccountEntity } from '../accounts/account.entity';
import { HealthTrendRow, UsageByTypeRow } from './account-series.service';
import { HealthTrendPointModel, UsageByTypeModel } from './models/account-series.models';
import { ACCOUNT_SUMMARY, daysKey, HEALTH_TREND, USAGE_BY_TYPE } from './workspace.loaders';

const MAX_TREND_DAYS = 366;

function checkDays(days: number, max: number): void {
  if (!Number.isInteger(days) || days < 1 || days > max)
    throw AppError.badInput('days', `must be between 1 and ${max}`);
}

/** Account fields for lists and Account 360, batched per request (a page of accounts costs one query each). */
@Resolver(() => AccountModel)
export class AccountSeriesResolver {
  @ResolveField(() => [HealthTrendPointModel], {
    description: 'Stored daily health of the last `days` UTC days (today included), oldest first: the sparkline.',
  })
  healthTrend(
    @Parent() a: AccountEntity,
    @Context() ctx: GraphqlContext,
    @Args('days', { type: () => Int, defaultValue: 30 }) days: number,
  ): Promise<HealthTrendRow[]> {
    checkDays(days, MAX_TREND_DAYS);
    return ctx.loaders.get<string, HealthTrendRow[]>(HEALTH_TREND).load(daysKey(a.id, days));
  }

  @ResolveField(() => [UsageByTypeModel], {
    description:
      'Usage per signal type over the last `days` UTC days (today included; e.g. 30, 90, 180), most used first, with the period before.',
  })
  usageByType(
    @Parent() a: AccountEntity,
    @Context() ctx: GraphqlContext,
    @Args('days', { type: () => Int, defaultValue: 30 }) days: number,
  ): Promise<UsageByTypeRow[]> {
    checkDays(days, MAX_TREND_DAYS);
    return ctx.loaders.get<string, UsageByTypeRow[]>(USAGE_BY_TYPE).load(daysKey(a.id, days));
  }

  @ResolveField(() => [String], {
    description:
      'Three lines in plain words for meeting prep: health (override, 7-day change, top reason), churn risk and its top driver, MRR over 90 days and the renewal.',
  })
  async summary(@Parent() a: AccountEntity, @Context() ctx: GraphqlContext): Promise<string[]> {
    return (await ctx.loaders.get<string, [string, string, string] | null>(ACCOUNT_SUMMARY).load(a.id)) ?? [];
  }
}
