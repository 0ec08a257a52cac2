import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { PlaybooksService } from './playbooks.service';
import { PlaybookRunsService } from './playbook-runs.service';
import { TasksService } from './tasks.service';
import { PlaybooksLoaders } from './playbooks.loaders';
import { PlaybookRunFieldsResolver, PlaybooksResolver } from './playbooks.resolver';
import { TasksResolver } from './tasks.resolver';

/** Retention playbooks, their runs and tasks, churn reasons; reacts to domain events and a daily sweep. */
@Module({
  imports: [AccountsModule, WebhooksModule],
  providers: [
    PlaybooksService,
    PlaybookRunsService,
    TasksService,
    PlaybooksLoaders,
    PlaybooksResolver,
    PlaybookRunFieldsResolver,
    TasksResolver,
  ],
  exports: [PlaybookRunsService],
})
export class PlaybooksModule {}
