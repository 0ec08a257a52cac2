import { bookOwnerFilter, Principal } from '../../common/auth/principal';
import { VoiceFilter } from './dto/voice.input';

/** Positional parameters and AND-ed conditions, built together so numbering never slips. */
export class SqlConditions {
  readonly params: unknown[] = [];
  readonly where: string[] = [];

  /** Adds a parameter and returns its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(condition: string): void {
    this.where.push(condition);
  }

  sql(): string {
    return this.where.length ? this.where.join(' AND ') : 'TRUE';
  }
}

/**
 * The account conditions of a voice figure (alias `a` = accounts): the caller's book (a CSM sees only the accounts
 * they own), the owner and the segment. Returns whether any was added (the join to accounts is needed only then).
 */
export function addAccountScope(c: SqlConditions, p: Principal, f: VoiceFilter | null | undefined): boolean {
  const before = c.where.length;
  const book = bookOwnerFilter(p);
  if (book) c.add(`a.owner_id = ${c.param(book)}::uuid`);
  if (f?.ownerId) c.add(`a.owner_id = ${c.param(f.ownerId)}::uuid`);
  if (f?.segment != null) c.add(`a.segment = ${c.param(f.segment)}::text`);
  return c.where.length > before;
}
