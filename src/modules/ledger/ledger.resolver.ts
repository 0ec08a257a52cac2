import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { GraphqlContext } from '../../common/graphql-context';
import { AccountModel } from '../accounts/models/account.model';
import { AccountEntity } from '../accounts/account.entity';
import { LedgerService } from './ledger.service';
import { MrrMovementModel } from './models/mrr-movement.model';
import { RecordMrrChangeInput } from './dto/record-mrr-change.input';
import { MRR_HISTORY } from './ledger.loaders';
import { MrrMovementEntity } from './mrr-movement.entity';

@Resolver(() => AccountModel)
export class LedgerResolver {
  constructor(private readonly ledger: LedgerService) {}

  @Mutation(() => MrrMovementModel, {
    description:
      "Records what the account's MRR is from effectiveAt on; the movement type is derived. Back-dated changes re-derive later movements.",
  })
  @Roles(Role.ADMIN, Role.MANAGER, Role.INGEST)
  recordMrrChange(@CurrentUser() p: Principal, @Args('input') input: RecordMrrChangeInput) {
    return this.ledger.recordMrrChange(input, p.userId);
  }

  @ResolveField(() => [MrrMovementModel], { description: 'All MRR movements, oldest first.' })
  mrrHistory(@Parent() a: AccountEntity, @Context() ctx: GraphqlContext): Promise<MrrMovementEntity[]> {
    return ctx.loaders.get<string, MrrMovementEntity[]>(MRR_HISTORY).load(a.id);
  }
}
