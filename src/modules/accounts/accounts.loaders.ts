import { Injectable, OnModuleInit } from '@nestjs/common';
import { byKeys, DataLoaderFactory } from '../../common/loaders/data-loader.factory';
import { UsersService } from '../users/users.service';
import { UserEntity } from '../users/user.entity';

export const USER_BY_ID = 'userById';

/** Batches user look-ups (account owners, task assignees) per request. */
@Injectable()
export class AccountsLoaders implements OnModuleInit {
  constructor(
    private readonly factory: DataLoaderFactory,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.factory.register<string, UserEntity | null>(USER_BY_ID, async (ids) =>
      byKeys(ids, await this.users.findByIds(ids), (u) => u.id, null),
    );
  }
}
