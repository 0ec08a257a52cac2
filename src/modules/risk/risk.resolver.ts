import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { GraphqlContext } from '../../common/graphql-context';
import { DateTimeScalar } from '../../common/scalars/date.scalar';
import { AccountModel } from '../accounts/models/account.model';
import { AccountEntity } from '../accounts/account.entity';
import { AccountRiskModel, RiskFeaturesModel, RiskModelModel } from './risk.models';
import { AccountRiskRow, DEFAULT_HORIZON_DAYS, RiskModelRow, RiskService } from './risk.service';
import { RISK_BY_ACCOUNT } from './risk.loaders';

@Resolver(() => RiskModelModel)
export class RiskModelsResolver {
  constructor(private readonly risk: RiskService) {}

  @Mutation(() => RiskModelModel, {
    description:
      'Starts training the churn-risk model in the background and returns the TRAINING row at once; poll riskModels for ACTIVE (evaluated, then every account is rescored) or FAILED. One training at a time across instances.',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  trainRiskModel(
    @CurrentUser() p: Principal,
    @Args('horizonDays', { type: () => Int, defaultValue: DEFAULT_HORIZON_DAYS }) horizonDays: number,
  ): Promise<RiskModelRow> {
    return this.risk.requestTraining(horizonDays, p.userId);
  }

  @Query(() => [RiskModelModel], {
    description: 'Every training run, newest first. The active model is the latest ACTIVE one.',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  riskModels(): Promise<RiskModelRow[]> {
    return this.risk.models();
  }

  @Query(() => RiskFeaturesModel, {
    description:
      'ADMIN: the churn features of one account as of a moment (only data before it), as the model sees them.',
  })
  @Roles(Role.ADMIN)
  riskFeatures(
    @Args('accountId', { type: () => ID }) accountId: string,
    @Args('asOf', { type: () => DateTimeScalar }) asOf: Date,
    @Args('horizonDays', { type: () => Int, defaultValue: DEFAULT_HORIZON_DAYS }) horizonDays: number,
  ) {
    return this.risk.featuresOf(accountId, asOf, horizonDays);
  }
}

@Resolver(() => AccountModel)
export class AccountRiskResolver {
  @ResolveField(() => AccountRiskModel, {
    nullable: true,
    description: 'Current churn risk; null for accounts not active (MRR 0) or not scored yet.',
  })
  risk(@Parent() a: AccountEntity, @Context() ctx: GraphqlContext): Promise<AccountRiskRow | null> {
    return ctx.loaders.get<string, AccountRiskRow | null>(RISK_BY_ACCOUNT).load(a.id);
  }
}
