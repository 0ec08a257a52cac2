import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { GraphqlContext } from '../../common/graphql-context';
import { DateTimeScalar } from '../../common/scalars/date.scalar';
import { AccountModel } from '../accounts/models/account.model';
import { AccountEntity } from '../accounts/account.entity';
import { AccountRiskModel, RiskFeaturesModel, RiskModelModel } from './risk.models';
import { AccountRiskRow } from './risk-scoring.service';
import { DEFAULT_HORIZON_DAYS, RiskModelRow, RiskModelsService } from './risk-models.service';
import { RiskTrainingService } from './risk-training.service';
import { RiskFeaturesService } from './risk-features.service';
import { RISK_BY_ACCOUNT } from './risk.loaders';

@Resolver(() => RiskModelModel)
export class RiskModelsResolver {
  constructor(
    private readonly training: RiskTrainingService,
    private readonly models: RiskModelsService,
    private readonly features: RiskFeaturesService,
  ) {}

  @Mutation(() => RiskModelModel, {
    description:
      'Starts training the churn-risk model in the background and returns the TRAINING row at once; poll riskModels for ACTIVE (evaluated, then every account is rescored) or FAILED. One training at a time across instances.',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  trainRiskModel(
    @CurrentUser() p: Principal,
    @Args('horizonDays', { type: () => Int, defaultValue: DEFAULT_HORIZON_DAYS }) horizonDays: number,
  ): Promise<RiskModelRow> {
    return this.training.requestTraining(horizonDays, p.userId);
  }

  @Query(() => [RiskModelModel], {
    description: 'Every training run, newest first. The active model is the latest ACTIVE one.',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  riskModels(): Promise<RiskModelRow[]> {
    return this.models.models();
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
    return this.features.featuresOf(accountId, asOf, horizonDays);
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
