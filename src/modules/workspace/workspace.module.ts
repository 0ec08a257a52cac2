import { Module } from '@nestjs/common';
import { AccountSeriesService } from './account-series.service';
import { AccountSeriesResolver } from './account-series.resolver';
import { WorkspaceLoaders } from './workspace.loaders';

/**
 * The CSM workspace's read models (issue 18): account sparklines and usage, the account timeline, My Day and
 * the account summary, and the CSV export of the accounts list. Reads other modules' tables with set-based SQL;
 * nothing depends on this module.
 */
@Module({
  providers: [AccountSeriesService, AccountSeriesResolver, WorkspaceLoaders],
})
export class WorkspaceModule {}
