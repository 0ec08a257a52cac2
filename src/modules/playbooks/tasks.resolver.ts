import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { GraphqlContext } from '../../common/graphql-context';
import { AccountModel } from '../accounts/models/account.model';
import { USER_BY_ID } from '../accounts/accounts.loaders';
import { UserModel } from '../users/models/user.model';
import { isOverdue } from '../../core/playbooks';
import { DateTimeScalar } from '../../common/scalars/date.scalar';
import { TasksService } from './tasks.service';
import { CreateTaskInput, TaskFilter, UpdateTaskInput } from './playbooks.inputs';
import {
  ChurnReasonKind,
  ChurnReasonModel,
  PlaybookRunModel,
  RunRow,
  TaskConnection,
  TaskModel,
  TaskOutcome,
  TaskRow,
} from './playbooks.models';
import { PB_ACCOUNT, PB_RUN } from './playbooks.loaders';

const READERS = [Role.ADMIN, Role.MANAGER, Role.CSM];

@Resolver(() => TaskModel)
export class TasksResolver {
  constructor(private readonly service: TasksService) {}

  @Query(() => TaskConnection, {
    description: 'By due date. A CSM sees the tasks on their book and those assigned to them.',
  })
  @Roles(...READERS)
  tasks(
    @CurrentUser() p: Principal,
    @Args('filter', { type: () => TaskFilter, nullable: true }) filter?: TaskFilter,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    return this.service.list(p, filter, first, after);
  }

  @Mutation(() => TaskModel, { description: 'Ad-hoc task (a CSM: on their own book).' })
  @Roles(...READERS)
  createTask(@CurrentUser() p: Principal, @Args('input') input: CreateTaskInput): Promise<TaskRow> {
    return this.service.create(p, input);
  }

  @Mutation(() => TaskModel)
  @Roles(...READERS)
  updateTask(
    @CurrentUser() p: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateTaskInput,
  ): Promise<TaskRow> {
    return this.service.update(p, id, input);
  }

  @Mutation(() => TaskModel, {
    description: 'Marks an open task DONE with an outcome; the run ends when none of its tasks is open.',
  })
  @Roles(...READERS)
  completeTask(
    @CurrentUser() p: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('outcome', { type: () => TaskOutcome }) outcome: TaskOutcome,
    @Args('note', { type: () => String, nullable: true }) note?: string | null,
  ): Promise<TaskRow> {
    return this.service.complete(p, id, outcome, note);
  }

  @Mutation(() => TaskModel, {
    description:
      'Snoozes an open task until a moment in the next 90 days (null: wake it now); a snoozed task leaves task lists until then.',
  })
  @Roles(...READERS)
  snoozeTask(
    @CurrentUser() p: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('until', { type: () => DateTimeScalar, nullable: true }) until: Date | null,
  ): Promise<TaskRow> {
    return this.service.snooze(p, id, until ?? null);
  }

  @Mutation(() => TaskModel, {
    description: 'MANAGER/ADMIN: gives an open task to an active ADMIN, MANAGER or the CSM who owns the account.',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  reassignTask(
    @CurrentUser() p: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('assigneeId', { type: () => ID }) assigneeId: string,
  ): Promise<TaskRow> {
    return this.service.reassign(p, id, assigneeId);
  }

  @Mutation(() => ChurnReasonModel, { description: 'What the exit survey collects (read by churnReasons).' })
  @Roles(...READERS)
  recordChurnReason(
    @CurrentUser() p: Principal,
    @Args('accountId', { type: () => ID }) accountId: string,
    @Args('reason', { type: () => ChurnReasonKind }) reason: ChurnReasonKind,
    @Args('detail', { type: () => String, nullable: true }) detail?: string | null,
  ): Promise<ChurnReasonModel> {
    return this.service.recordChurnReason(p, accountId, reason, detail);
  }

  @ResolveField(() => AccountModel)
  account(@Parent() t: TaskRow, @Context() ctx: GraphqlContext) {
    return ctx.loaders.get(PB_ACCOUNT).load(t.accountId);
  }

  @ResolveField(() => UserModel)
  assignee(@Parent() t: TaskRow, @Context() ctx: GraphqlContext) {
    return ctx.loaders.get(USER_BY_ID).load(t.assigneeId);
  }

  @ResolveField(() => PlaybookRunModel, { nullable: true })
  playbookRun(@Parent() t: TaskRow, @Context() ctx: GraphqlContext): Promise<RunRow | null> | null {
    return t.playbookRunId ? ctx.loaders.get<string, RunRow | null>(PB_RUN).load(t.playbookRunId) : null;
  }

  @ResolveField(() => Boolean)
  overdue(@Parent() t: TaskRow): boolean {
    return isOverdue(t.status, t.dueAt, new Date());
  }
}
