/**
 * Rules for an ADMIN changing a user's role. People's roles only: INGEST is a machine role (API keys for the
 * ingestion endpoints, never a sign-in), so nobody is moved into or out of it. The team must keep an active ADMIN,
 * or nobody could manage users any more.
 */

export const PERSON_ROLES = ['ADMIN', 'MANAGER', 'CSM'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export type RoleChangeProblem =
  | { kind: 'BAD_ROLE'; field: 'role'; message: string }
  | { kind: 'INGEST_USER'; field: 'id'; message: string }
  | { kind: 'LAST_ADMIN'; field: 'role'; message: string };

/**
 * Why `target` may not get `newRole`, or null when it may. `activeAdminIds`: the ADMINs not deactivated (read under
 * a lock, so two concurrent demotions cannot both pass).
 */
export function roleChangeProblem(
  target: { id: string; role: string; deactivated: boolean },
  newRole: string,
  activeAdminIds: readonly string[],
): RoleChangeProblem | null {
  if (!(PERSON_ROLES as readonly string[]).includes(newRole))
    return { kind: 'BAD_ROLE', field: 'role', message: `must be one of ${PERSON_ROLES.join(', ')}` };
  if (!(PERSON_ROLES as readonly string[]).includes(target.role))
    return { kind: 'INGEST_USER', field: 'id', message: 'an INGEST user’s role cannot be changed' };
  const demotesAdmin = target.role === 'ADMIN' && newRole !== 'ADMIN' && !target.deactivated;
  const othersLeft = activeAdminIds.filter((id) => id !== target.id).length;
  if (demotesAdmin && othersLeft === 0)
    return { kind: 'LAST_ADMIN', field: 'role', message: 'the last active ADMIN cannot stop being an ADMIN' };
  return null;
}
