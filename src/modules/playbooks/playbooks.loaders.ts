import { Injectable, OnModuleInit } from '@nestjs/common';
import { byKeys, DataLoaderFactory, groupByKeys } from '../../common/loaders/data-loader.factory';
import { AccountsService } from '../accounts/accounts.service';
import { AccountEntity } from '../accounts/account.entity';
import { PlaybooksService } from './playbooks.service';
import { PlaybookRunsService } from './playbook-runs.service';
import { TasksService } from './tasks.service';
import { PlaybookRow, RunRow, TaskRow } from './playbooks.models';

export const PB_ACCOUNT = 'playbooks.accountById';
export const PB_PLAYBOOK = 'playbooks.playbookById';
export const PB_RUN = 'playbooks.runById';
export const PB_RUN_TASKS = 'playbooks.tasksByRun';

/**
 * Batches the look-ups of task and run fields per request. Accounts are loaded without a book filter: the
 * parent task or run was already checked (a CSM sees a task assigned to them even on another book).
 */
@Injectable()
export class PlaybooksLoaders implements OnModuleInit {
  constructor(
    private readonly factory: DataLoaderFactory,
    private readonly accounts: AccountsService,
    private readonly playbooks: PlaybooksService,
    private readonly runs: PlaybookRunsService,
    private readonly tasks: TasksService,
  ) {}

  onModuleInit(): void {
    this.factory.register<string, AccountEntity | null>(PB_ACCOUNT, async (ids) =>
      byKeys(ids, await this.accounts.findVisibleByIds(ids, null), (a) => a.id, null),
    );
    this.factory.register<string, PlaybookRow | null>(PB_PLAYBOOK, async (ids) =>
      byKeys(ids, await this.playbooks.byIds(ids), (p) => p.id, null),
    );
    this.factory.register<string, RunRow | null>(PB_RUN, async (ids) =>
      byKeys(ids, await this.runs.runsByIds(ids), (r) => r.id, null),
    );
    this.factory.register<string, TaskRow[]>(PB_RUN_TASKS, async (ids) =>
      groupByKeys(ids, await this.tasks.tasksOfRuns(ids), (t) => t.playbookRunId!),
    );
  }
}
