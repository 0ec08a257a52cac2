import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { HealthBand } from '../../../common/graphql/domain-enums';
import { CentsScalar } from '../../../common/scalars/cents.scalar';
import { DateScalar, DateTimeScalar } from '../../../common/scalars/date.scalar';
import { AccountModel } from '../../accounts/models/account.model';
import { AccountEntity } from '../../accounts/account.entity';

@ObjectType('PortfolioBandCount')
export class PortfolioBandCountModel {
  @Field(() => HealthBand)
  band: string;
  @Field(() => Int, {
    description:
      "Accounts in this band on the week's day: the totalCount of accounts(filter: { bandOn: { day, band } }).",
  })
  accounts: number;
  @Field(() => CentsScalar, { description: 'Their MRR today (not as of that week).' })
  mrrCents: number;
}

@ObjectType('PortfolioWeek')
export class PortfolioWeekModel {
  @Field(() => DateScalar, { description: 'The Monday (UTC) of the ISO week.' })
  weekStart: string;
  @Field(() => DateScalar, {
    nullable: true,
    description: "The day the bar shows: the week's latest day (≤ today) with health history; null when none.",
  })
  day: string | null;
  @Field(() => Int, { description: 'Accounts with a health-history row on that day (the sum of the bands).' })
  accounts: number;
  @Field(() => [PortfolioBandCountModel], { description: 'GREEN, YELLOW, RED, UNKNOWN, zeros included.' })
  bands: PortfolioBandCountModel[];
}

@ObjectType('MrrAtRisk')
export class MrrAtRiskModel {
  @Field(() => Int, {
    description:
      'Live accounts (not churned) whose band people see is RED or whose churn-risk band is HIGH — the union, each once: accounts(filter: { atRisk: true }).',
  })
  accounts: number;
  @Field(() => CentsScalar, { description: 'Their MRR today.' })
  mrrCents: number;
  @Field(() => Int, { description: 'Of those, RED (override included).' })
  redAccounts: number;
  @Field(() => Int, { description: 'Of those, HIGH churn risk (redAccounts + highRiskAccounts − accounts are both).' })
  highRiskAccounts: number;
  @Field(() => Int, { description: 'Live accounts in scope (the share base).' })
  bookAccounts: number;
  @Field(() => CentsScalar)
  bookMrrCents: number;
}

@ObjectType('PortfolioDecline')
export class PortfolioDeclineModel {
  @Field(() => AccountModel)
  account: AccountEntity;
  @Field(() => DateScalar, { description: 'The day compared with: the latest scored day of 7..10 days ago.' })
  comparedDay: string;
  @Field(() => Float)
  scoreFrom: number;
  @Field(() => Float, { nullable: true })
  scoreTo: number | null;
  @Field(() => HealthBand)
  bandFrom: string;
  @Field(() => HealthBand)
  bandTo: string;
  @Field({ description: 'The computed band is worse than on comparedDay.' })
  bandWorsened: boolean;
  @Field(() => DateTimeScalar)
  computedAt: Date;
  @Field(() => String, { nullable: true, description: 'The top reason, in plain words (as My Day).' })
  reason: string | null;
}

@ObjectType('PortfolioHealth')
export class PortfolioHealthModel {
  @Field(() => ID, { nullable: true, description: "The book's owner (null: every account in the caller's view)." })
  ownerId: string | null;
  @Field(() => String, { nullable: true })
  segment: string | null;
  @Field(() => [String], { description: "Every segment in the caller's view (for the picker)." })
  segments: string[];
  @Field(() => [PortfolioWeekModel], { description: 'Oldest first, ending with the current week.' })
  weeks: PortfolioWeekModel[];
  @Field(() => MrrAtRiskModel)
  mrrAtRisk: MrrAtRiskModel;
  @Field(() => [PortfolioDeclineModel], { description: 'Declined in the last 7 days, biggest fall first (≤ 200).' })
  declines: PortfolioDeclineModel[];
  @Field(() => Int)
  declinesCount: number;
}
