import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { RenewalsService } from './renewals.service';
import { RenewalsResolver } from './renewals.resolver';

/** Renewals for the manager's cockpit (issue 19, screen 4): upcoming with health and risk, past outcomes. */
@Module({ imports: [MetricsModule], providers: [RenewalsService, RenewalsResolver] })
export class RenewalsModule {}
