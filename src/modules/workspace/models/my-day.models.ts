import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { HealthBand, RiskBandEnum } from '../../../common/graphql/domain-enums';
import { CentsScalar } from '../../../common/scalars/cents.scalar';
import { DateScalar, DateTimeScalar } from '../../../common/scalars/date.scalar';
import { AccountModel } from '../../accounts/models/account.model';
import { AccountEntity } from '../../accounts/account.entity';
import { TaskModel, TaskRow } from '../../playbooks/playbooks.models';
import { UserModel } from '../../users/models/user.model';

export enum MyDayChangeKind {
  SCORE_DROP = 'SCORE_DROP',
  NEW_RED_FLAG = 'NEW_RED_FLAG',
  RISK_UP = 'RISK_UP',
}
registerEnumType(MyDayChangeKind, {
  name: 'MyDayChangeKind',
  description:
    'SCORE_DROP: health score ≥ 10 points below 7 days ago; NEW_RED_FLAG: raised in the last 7 days, still active; RISK_UP: churn-risk band higher than 7 days ago.',
});

@ObjectType('BandMix')
export class BandMixModel {
  @Field(() => Int)
  green: number;
  @Field(() => Int)
  yellow: number;
  @Field(() => Int)
  red: number;
  @Field(() => Int)
  unknown: number;
}

@ObjectType('BookTotals')
export class BookTotalsModel {
  @Field(() => Int, { description: 'Accounts not churned.' })
  accounts: number;
  @Field(() => CentsScalar)
  mrrCents: number;
  @Field(() => CentsScalar, { description: '12 × MRR' })
  arrCents: number;
  @Field(() => BandMixModel, { description: 'By the band people see (an unexpired override wins).' })
  bands: BandMixModel;
}

@ObjectType('MyDayChange')
export class MyDayChangeModel {
  @Field(() => MyDayChangeKind)
  kind: MyDayChangeKind;
  @Field(() => AccountModel)
  account: AccountEntity;
  @Field(() => DateTimeScalar)
  occurredAt: Date;
  @Field(() => String, { nullable: true, description: 'The top reason, in plain words.' })
  reason: string | null;
  @Field(() => Float, { nullable: true })
  scoreFrom: number | null;
  @Field(() => Float, { nullable: true })
  scoreTo: number | null;
  @Field(() => String, { nullable: true, description: 'NEW_RED_FLAG: the flag type.' })
  flagType: string | null;
  @Field(() => RiskBandEnum, { nullable: true })
  riskBandFrom: string | null;
  @Field(() => RiskBandEnum, { nullable: true })
  riskBandTo: string | null;
  @Field(() => Float, { nullable: true, description: 'RISK_UP: the churn probability now.' })
  riskProbability: number | null;
}

@ObjectType('MyDayRenewal')
export class MyDayRenewalModel {
  @Field(() => AccountModel)
  account: AccountEntity;
  @Field(() => DateScalar)
  renewalDate: string;
  @Field(() => Int)
  daysToRenewal: number;
  @Field(() => HealthBand)
  band: string;
  @Field(() => Float, { nullable: true })
  score: number | null;
  @Field(() => RiskBandEnum, { nullable: true })
  riskBand: string | null;
  @Field(() => Float, { nullable: true })
  riskProbability: number | null;
}

@ObjectType('MyDay')
export class MyDayModel {
  /** Resolved through the user DataLoader. */
  ownerId: string | null;
  @Field(() => UserModel, { nullable: true, description: 'Whose day; null = the whole team.' })
  owner?: UserModel | null;
  @Field(() => DateTimeScalar)
  generatedAt: Date;
  @Field(() => BookTotalsModel)
  totals: BookTotalsModel;
  @Field(() => [MyDayChangeModel], { description: 'What changed in the last 7 days, newest first (at most 200).' })
  changes: MyDayChangeModel[];
  @Field(() => [TaskModel], { description: 'Open tasks past due, oldest first (at most 100; see overdueCount).' })
  overdueTasks: TaskRow[];
  @Field(() => Int)
  overdueCount: number;
  @Field(() => [TaskModel], { description: 'Open tasks due later today (at most 100; see dueTodayCount).' })
  dueTodayTasks: TaskRow[];
  @Field(() => Int)
  dueTodayCount: number;
  @Field(() => [MyDayRenewalModel], { description: 'Renewals in the next 90 days, soonest first (at most 200).' })
  renewals: MyDayRenewalModel[];
  @Field(() => Int)
  renewalsCount: number;
}
