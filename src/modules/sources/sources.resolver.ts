import { Args, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { CreateSourceInput, UpdateSourceInput } from './dto/source.input';
import { CreateSourcePayload, SourceModel, UnattributedEventModel } from './models/source.model';
import { SourcesService } from './sources.service';

@ObjectType('SourceMaintenanceResult')
class SourceMaintenanceResult {
  @Field(() => Int, { description: 'Unattributed events purged (each purge is reported in its source’s errors).' })
  purged: number;
}

@Resolver(() => SourceModel)
export class SourcesResolver {
  constructor(private readonly service: SourcesService) {}

  @Mutation(() => CreateSourcePayload, {
    description: 'ADMIN. A new source and its write key (shown only here; a write key can only ingest).',
  })
  @Roles(Role.ADMIN)
  createSource(@CurrentUser() p: Principal, @Args('input') input: CreateSourceInput) {
    return this.service.create(input, p.userId);
  }

  @Mutation(() => SourceModel, { description: 'ADMIN. Name and settings; a field set to null returns to its default.' })
  @Roles(Role.ADMIN)
  updateSource(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateSourceInput) {
    return this.service.update(id, input);
  }

  @Mutation(() => SourceModel, { description: 'ADMIN. Its write key stops working at once; its data stays.' })
  @Roles(Role.ADMIN)
  revokeSource(@Args('id', { type: () => ID }) id: string) {
    return this.service.revoke(id);
  }

  @Query(() => [SourceModel], {
    description:
      'ADMIN, MANAGER. Sources with their last event, counts over 24 h, unattributed backlog and last errors.',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  sources(@Args('includeRevoked', { nullable: true, defaultValue: false }) includeRevoked: boolean) {
    return this.service.list(includeRevoked);
  }

  @Query(() => [UnattributedEventModel], {
    description: 'ADMIN, MANAGER. The events a source keeps unattributed, oldest first (at most `first`, ≤ 500).',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  sourceUnattributedEvents(
    @Args('sourceId', { type: () => ID }) sourceId: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
  ) {
    return this.service.unattributedEvents(sourceId, first);
  }

  @Mutation(() => SourceMaintenanceResult, {
    description: 'ADMIN. Runs the daily source maintenance now (purge of expired unattributed events, retention).',
  })
  @Roles(Role.ADMIN)
  runSourceMaintenance() {
    return this.service.maintain();
  }
}
