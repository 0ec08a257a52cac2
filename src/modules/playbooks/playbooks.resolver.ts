import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { AppError } from '../../common/errors/app-error';
import { GraphqlContext } from '../../common/graphql-context';
import { DateTimeScalar } from '../../common/scalars/date.scalar';
import { AccountModel } from '../accounts/models/account.model';
import { USER_BY_ID } from '../accounts/accounts.loaders';
import { UserModel } from '../users/models/user.model';
import { PeriodInput } from '../metrics/dto/metrics.input';
import { PlaybooksService } from './playbooks.service';
import { PlaybookRunsService } from './playbook-runs.service';
import { PlaybookRunStarter } from './playbook-run-starter.service';
import { PlaybookSweep } from './playbook-sweep.service';
import { PlaybookEffectiveness } from './playbook-effectiveness.service';
import { CreatePlaybookInput, PlaybookRunFilter, UpdatePlaybookInput } from './playbooks.inputs';
import {
  PlaybookModel,
  PlaybookRow,
  PlaybookRunConnection,
  PlaybookRunModel,
  PlaybookRunOutcome,
  PlaybookRunResult,
  PlaybookRunStatus,
  PlaybookStatsModel,
  RunRow,
  TaskModel,
  TaskRow,
} from './playbooks.models';
import { PB_ACCOUNT, PB_PLAYBOOK, PB_RUN_TASKS } from './playbooks.loaders';

const READERS = [Role.ADMIN, Role.MANAGER, Role.CSM];
const EDITORS = [Role.ADMIN, Role.MANAGER];

@Resolver(() => PlaybookModel)
export class PlaybooksResolver {
  constructor(
    private readonly definitions: PlaybooksService,
    private readonly runs: PlaybookRunsService,
    private readonly starter: PlaybookRunStarter,
    private readonly sweeper: PlaybookSweep,
    private readonly reports: PlaybookEffectiveness,
  ) {}

  @Query(() => [PlaybookModel])
  @Roles(...READERS)
  playbooks(): Promise<PlaybookRow[]> {
    return this.definitions.list();
  }

  @Query(() => PlaybookModel, { nullable: true })
  @Roles(...READERS)
  async playbook(@Args('id', { type: () => ID }) id: string): Promise<PlaybookRow | null> {
    return (await this.definitions.byIds([id]))[0] ?? null;
  }

  @Mutation(() => PlaybookModel, { description: 'MANAGER/ADMIN.' })
  @Roles(...EDITORS)
  createPlaybook(@CurrentUser() p: Principal, @Args('input') input: CreatePlaybookInput): Promise<PlaybookRow> {
    return this.definitions.create(p.userId, input);
  }

  @Mutation(() => PlaybookModel, { description: 'MANAGER/ADMIN. Running runs keep the tasks they already have.' })
  @Roles(...EDITORS)
  updatePlaybook(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdatePlaybookInput,
  ): Promise<PlaybookRow> {
    return this.definitions.update(id, input);
  }

  @Mutation(() => PlaybookRunResult, {
    description: 'Starts the playbook for the account now (a CSM: on their own book), or records why not (suppressed).',
  })
  @Roles(...READERS)
  triggerPlaybook(
    @CurrentUser() p: Principal,
    @Args('playbookId', { type: () => ID }) playbookId: string,
    @Args('accountId', { type: () => ID }) accountId: string,
    @Args('note', { type: () => String, nullable: true }) note?: string | null,
  ): Promise<PlaybookRunResult> {
    return this.starter.trigger(p, playbookId, accountId, note);
  }

  @Query(() => PlaybookRunConnection, {
    description: 'Runs and suppressed attempts, newest first (a CSM: their book).',
  })
  @Roles(...READERS)
  playbookRuns(
    @CurrentUser() p: Principal,
    @Args('filter', { type: () => PlaybookRunFilter, nullable: true }) filter?: PlaybookRunFilter,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    return this.runs.list(p, filter, first, after);
  }

  @Mutation(() => PlaybookRunModel, {
    description: 'Ends the run now (its open tasks are cancelled) and/or records its outcome.',
  })
  @Roles(...READERS)
  closePlaybookRun(
    @CurrentUser() p: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('outcome', { type: () => PlaybookRunOutcome, nullable: true }) outcome?: PlaybookRunOutcome | null,
  ): Promise<RunRow> {
    return this.runs.close(p, id, outcome);
  }

  @Mutation(() => Int, {
    description:
      'ADMIN. Runs the daily sweep as of asOf (default now): RENEWAL_WITHIN, CHURNED_FOR, 90-day outcomes. Returns the runs started.',
  })
  @Roles(Role.ADMIN)
  runPlaybookSweep(@Args('asOf', { type: () => DateTimeScalar, nullable: true }) asOf?: Date | null): Promise<number> {
    return this.sweeper.sweep(asOf ?? new Date());
  }

  @Query(() => [PlaybookStatsModel], { description: 'MANAGER/ADMIN. Per playbook, over runs started in [from, to).' })
  @Roles(...EDITORS)
  playbookEffectiveness(@Args('period') period: PeriodInput) {
    if (!period) throw AppError.badInput('period', 'is required');
    return this.reports.effectiveness(period.from, period.to);
  }
}

@Resolver(() => PlaybookRunModel)
export class PlaybookRunFieldsResolver {
  @ResolveField(() => PlaybookModel)
  playbook(@Parent() r: RunRow, @Context() ctx: GraphqlContext) {
    return ctx.loaders.get<string, PlaybookRow | null>(PB_PLAYBOOK).load(r.playbookId);
  }

  @ResolveField(() => AccountModel)
  account(@Parent() r: RunRow, @Context() ctx: GraphqlContext) {
    return ctx.loaders.get(PB_ACCOUNT).load(r.accountId);
  }

  @ResolveField(() => [TaskModel])
  tasks(@Parent() r: RunRow, @Context() ctx: GraphqlContext): Promise<TaskRow[]> | TaskRow[] {
    return r.status === PlaybookRunStatus.SUPPRESSED ? [] : ctx.loaders.get<string, TaskRow[]>(PB_RUN_TASKS).load(r.id);
  }

  @ResolveField(() => UserModel, { nullable: true, description: 'Who triggered it by hand (null: automatic).' })
  triggeredBy(@Parent() r: RunRow, @Context() ctx: GraphqlContext) {
    return r.triggeredById ? ctx.loaders.get(USER_BY_ID).load(r.triggeredById) : null;
  }
}
