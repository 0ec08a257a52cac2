import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  ADMIN = 'ADMIN',
  MANAGER = 'MANAGER',
  CSM = 'CSM',
  INGEST = 'INGEST',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'ADMIN: everything; MANAGER: all accounts, playbooks, scorecards; CSM: own book; INGEST: ingestion only',
});

/** Roles that may read every account. */
export const SEES_ALL_ACCOUNTS: ReadonlySet<Role> = new Set([Role.ADMIN, Role.MANAGER]);
