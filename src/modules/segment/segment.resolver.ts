import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../../common/auth/roles.decorator';
import { Role } from '../../common/auth/role.enum';
import { SegmentEventMappingInput, SegmentEventMappingModel } from './segment.models';
import { SegmentMappingsService } from './segment-mappings.service';

@Resolver()
export class SegmentResolver {
  constructor(private readonly mappings: SegmentMappingsService) {}

  @Query(() => [SegmentEventMappingModel], {
    description:
      'ADMIN, MANAGER. The event name → signal type table of a SEGMENT source (its rules over the defaults).',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  segmentEventMappings(@Args('sourceId', { type: () => ID }) sourceId: string) {
    return this.mappings.effective(sourceId);
  }

  @Mutation(() => [SegmentEventMappingModel], {
    description: 'ADMIN. Sets the rule for one event name (applies to events received from now on); returns the table.',
  })
  @Roles(Role.ADMIN)
  setSegmentEventMapping(
    @Args('sourceId', { type: () => ID }) sourceId: string,
    @Args('input') input: SegmentEventMappingInput,
  ) {
    return this.mappings.set(sourceId, input);
  }

  @Mutation(() => Boolean, { description: "ADMIN. Removes a source's own rule (the default applies again)." })
  @Roles(Role.ADMIN)
  removeSegmentEventMapping(
    @Args('sourceId', { type: () => ID }) sourceId: string,
    @Args('eventName') eventName: string,
  ) {
    return this.mappings.remove(sourceId, eventName);
  }
}
