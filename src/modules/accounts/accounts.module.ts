import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { AccountEntity } from './account.entity';
import { AccountsService } from './accounts.service';
import { AccountsResolver } from './accounts.resolver';
import { AccountsLoaders } from './accounts.loaders';

@Module({
  imports: [TypeOrmModule.forFeature([AccountEntity]), UsersModule],
  providers: [AccountsService, AccountsResolver, AccountsLoaders],
  exports: [AccountsService],
})
export class AccountsModule {}
