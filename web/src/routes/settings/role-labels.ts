import type { Role } from '@/gql/graphql';

/** Roles in words, keyed by the API's Role (INGEST: a machine user for the ingestion endpoints). */
export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: 'Admin',
  MANAGER: 'Manager',
  CSM: 'CSM',
  INGEST: 'Ingestion',
};
