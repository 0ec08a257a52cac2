import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../../common/auth/roles.decorator';
import { Role } from '../../common/auth/role.enum';
import { GraphqlContext } from '../../common/graphql-context';
import { AccountModel } from '../accounts/models/account.model';
import { AccountEntity } from '../accounts/account.entity';
import { AccountClvModel, RetentionForecastModel } from './clv.models';
import { AccountClvRow, ClvService } from './clv.service';
import { CLV_BY_ACCOUNT } from './clv.loaders';

@Resolver(() => RetentionForecastModel)
export class ClvResolver {
  constructor(private readonly clv: ClvService) {}

  @Query(() => RetentionForecastModel, {
    description:
      'Projected survival of a new customer of the segment (null: all accounts) for `months` months, from the cached sBG fit (or the formula).',
  })
  @Roles(Role.ADMIN, Role.MANAGER, Role.CSM)
  retentionForecast(
    @Args('segment', { type: () => String, nullable: true }) segment: string | null,
    @Args('months', { type: () => Int, defaultValue: 24 }) months: number,
  ) {
    return this.clv.retentionForecast(segment, months);
  }

  @Mutation(() => [RetentionForecastModel], {
    description: 'Refits the CLV models of every segment now (also done daily); returns 12-month forecasts.',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  async refitClvModels() {
    const fits = (await this.clv.refit()) ?? [];
    return Promise.all(fits.map((f) => this.clv.retentionForecast(f.segmentKey === '*' ? null : f.segment, 12)));
  }
}

@Resolver(() => AccountModel)
export class AccountClvResolver {
  @ResolveField(() => AccountClvModel, {
    nullable: true,
    description: 'Customer lifetime value; null for accounts without MRR.',
  })
  clv(@Parent() a: AccountEntity, @Context() ctx: GraphqlContext): Promise<AccountClvRow | null> {
    return ctx.loaders.get<string, AccountClvRow | null>(CLV_BY_ACCOUNT).load(a.id);
  }
}
