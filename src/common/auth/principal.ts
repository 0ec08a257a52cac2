import { Role } from './role.enum';

/** Who is calling: the user behind the API key or the session cookie of this request. */
export interface Principal {
  userId: string;
  role: Role;
  /** The API key of the request; null when signed in with a session cookie. */
  apiKeyId: string | null;
  /** The session of the request's cookie; null when called with an API key. */
  sessionId: string | null;
  name: string;
  email: string;
}

/**
 * The book a principal is limited to: a CSM's own accounts (their user id); null = every account (ADMIN, MANAGER,
 * and INGEST keys, which only reach ingestion and recording mutations). The gate built on it: account-access.ts.
 */
export function bookOwnerFilter(p: Principal): string | null {
  return p.role === Role.CSM ? p.userId : null;
}
