import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../../common/auth/roles.decorator';
import { Role } from '../../common/auth/role.enum';
import { AuditService } from './audit.service';
import { AuditEntryConnection, AuditEntryModel, AuditFilterInput } from './models/audit-entry.model';

@Resolver(() => AuditEntryModel)
export class AuditResolver {
  constructor(private readonly service: AuditService) {}

  @Query(() => AuditEntryConnection, { description: 'Every mutation, newest first (ADMIN).' })
  @Roles(Role.ADMIN)
  auditLog(
    @Args('filter', { type: () => AuditFilterInput, nullable: true }) filter?: AuditFilterInput,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    return this.service.list(filter, first, after);
  }
}
