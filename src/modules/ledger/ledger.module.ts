import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { MrrChangeEntity } from './mrr-change.entity';
import { MrrMovementEntity } from './mrr-movement.entity';
import { LedgerService } from './ledger.service';
import { LedgerResolver } from './ledger.resolver';
import { LedgerLoaders } from './ledger.loaders';

@Module({
  imports: [TypeOrmModule.forFeature([MrrChangeEntity, MrrMovementEntity]), AccountsModule],
  providers: [LedgerService, LedgerResolver, LedgerLoaders],
  exports: [LedgerService],
})
export class LedgerModule {}
