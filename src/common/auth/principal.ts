import { Role } from './role.enum';

/** Who is calling: the user behind the API key of this request. */
export interface Principal {
  userId: string;
  role: Role;
  apiKeyId: string;
  name: string;
  email: string;
}

/** Restriction of account visibility for a principal: null = all accounts, else only those owned by ownerId. */
export function bookOwnerFilter(p: Principal): string | null {
  return p.role === Role.ADMIN || p.role === Role.MANAGER ? null : p.userId;
}
