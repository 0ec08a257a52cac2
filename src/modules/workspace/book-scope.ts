import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { UUID_RE } from '../../core/ids';

/**
 * Whose book a workspace read covers (null = every account), after the role rules of My Day and Portfolio
 * health: a CSM only their own (another id is FORBIDDEN); a MANAGER/ADMIN the whole team or one user's book.
 */
export async function bookOwnerFor(
  db: DataSource,
  p: Principal,
  ownerId: string | null,
  what = 'their own day',
): Promise<string | null> {
  if (p.role === Role.CSM) {
    if (ownerId && ownerId !== p.userId) throw AppError.forbidden(`A CSM sees only ${what}`);
    return p.userId;
  }
  if (!ownerId) return null;
  if (!UUID_RE.test(ownerId)) throw AppError.badInput('ownerId', 'must be a user id');
  const rows = await db.query(`SELECT role FROM users WHERE id = $1`, [ownerId]);
  if (!rows.length) throw AppError.badInput('ownerId', 'no such user');
  if (rows[0].role === Role.INGEST) throw AppError.badInput('ownerId', 'an INGEST user has no book');
  return ownerId;
}
