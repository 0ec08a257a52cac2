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

/** Restriction of account visibility for a principal: null = all accounts, else only those owned by ownerId. */
export function bookOwnerFilter(p: Principal): string | null {
  return p.role === Role.ADMIN || p.role === Role.MANAGER ? null : p.userId;
}
