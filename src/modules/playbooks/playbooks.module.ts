import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { PlaybooksService } from './playbooks.service';
import { PlaybookRunsService } from './playbook-runs.service';
import { PlaybookRunStarter } from './playbook-run-starter.service';
import { PlaybookTriggerListener } from './playbook-triggers.listener';
import { PlaybookSweep } from './playbook-sweep.service';
import { PlaybookEffectiveness } from './playbook-effectiveness.service';
import { TasksService } from './tasks.service';
import { PlaybooksLoaders } from './playbooks.loaders';
import { PlaybookRunFieldsResolver, PlaybooksResolver } from './playbooks.resolver';
import { TasksResolver } from './tasks.resolver';

/**
 * Retention playbooks, their runs and tasks, churn reasons: runs are started by hand, by domain events (the
 * trigger listener) and by the daily sweep, all through the run starter; the effectiveness report reads them.
 */
@Module({
  imports: [AccountsModule, WebhooksModule],
  providers: [
    PlaybooksService,
    PlaybookRunStarter,
    PlaybookTriggerListener,
    PlaybookSweep,
    PlaybookRunsService,
    PlaybookEffectiveness,
    TasksService,
    PlaybooksLoaders,
    PlaybooksResolver,
    PlaybookRunFieldsResolver,
    TasksResolver,
  ],
  exports: [PlaybookRunsService],
})
export class PlaybooksModule {}
