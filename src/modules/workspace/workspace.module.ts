import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AccountTimelineService } from './account-timeline.service';
import { AccountTimelineResolver } from './account-timeline.resolver';
import { MyDayService } from './my-day.service';
import { MyDayResolver } from './my-day.resolver';
import { AccountsExportService } from './accounts-export.service';
import { AccountsExportController } from './accounts-export.controller';
import { UsersModule } from '../users/users.module';
import { AccountSeriesService } from './account-series.service';
import { AccountSeriesResolver } from './account-series.resolver';
import { WorkspaceLoaders } from './workspace.loaders';
import { PortfolioHealthService } from './portfolio-health.service';
import { PortfolioHealthResolver } from './portfolio-health.resolver';

/**
 * The CSM workspace's read models (issue 18): account sparklines and usage, the account timeline, My Day and
 * the account summary, and the CSV export of the accounts list. Reads other modules' tables with set-based SQL;
 * nothing depends on this module.
 */
@Module({
  imports: [AccountsModule, UsersModule],
  controllers: [AccountsExportController],
  providers: [
    AccountSeriesService,
    AccountSeriesResolver,
    WorkspaceLoaders,
    AccountTimelineService,
    AccountTimelineResolver,
    MyDayService,
    MyDayResolver,
    AccountsExportService,
    PortfolioHealthService,
    PortfolioHealthResolver,
  ],
})
export class WorkspaceModule {}
