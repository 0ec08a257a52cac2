import { Module } from '@nestjs/common';
import { ClvService } from './clv.service';
import { ClvLoaders } from './clv.loaders';
import { AccountClvResolver, ClvResolver } from './clv.resolver';

/** Customer lifetime value (issue #5): sBG per segment on ledger cohorts, retentionForecast, account.clv. */
@Module({
  providers: [ClvService, ClvLoaders, ClvResolver, AccountClvResolver],
  exports: [ClvService],
})
export class ClvModule {}
