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
