import { parseInstant } from '../signals/validate';
import type { SegmentMessage } from './segment-message';

/** What a group (or an identify naming the user's company) says about an account. Absent = leave as is. */
export interface AccountTraits {
  externalId: string;
  name?: string;
  segment?: string;
  ownerEmail?: string;
  customerSince?: Date;
  industry?: string;
}

export interface TraitSettings {
  /** Trait (dotted path) copied to the segment; default `plan`. */
  segmentTrait: string;
  /** Trait (dotted path) naming the owner's e-mail; default `ownerEmail`. */
  ownerEmailTrait: string;
}

const MAX_TEXT = 200;

/** A trait by name or dotted path (`company.plan`); a key containing the dots itself wins. */
export function traitAt(traits: Record<string, unknown>, path: string): unknown {
  if (path in traits) return traits[path];
  let v: unknown = traits;
  for (const part of path.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** A single-line text trait (numbers as text), trimmed and cut to 200 characters; undefined when absent or unusable. */
function text(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const t = v.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return t === '' ? undefined : t.toWellFormed().slice(0, MAX_TEXT);
}

/** A group call's account: groupId is the external id; name, segment, owner, createdAt → customer since, industry. */
export function groupAccountTraits(m: SegmentMessage, settings: TraitSettings): AccountTraits {
  const t = m.traits;
  const out: AccountTraits = { externalId: m.groupId! };
  const name = text(t.name);
  if (name) out.name = name;
  const segment = text(traitAt(t, settings.segmentTrait));
  if (segment) out.segment = segment;
  const owner = text(traitAt(t, settings.ownerEmailTrait));
  if (owner) out.ownerEmail = owner.toLowerCase();
  const since = t.createdAt ?? t.created_at;
  const sinceDate =
    typeof since === 'number' && Number.isFinite(since)
      ? new Date(since < 1e11 ? since * 1000 : since)
      : parseInstant(since);
  if (
    sinceDate &&
    !Number.isNaN(sinceDate.getTime()) &&
    sinceDate.getUTCFullYear() >= 1900 &&
    sinceDate.getTime() <= Date.now() + 86_400_000
  )
    out.customerSince = sinceDate;
  const industry = text(t.industry);
  if (industry) out.industry = industry;
  return out;
}

/**
 * The account an identify call links its user to: traits `company.id`, `companyId`, `company_id` or
 * `accountExternalId` (first present), with `company.name` as its name. Null when none is given.
 */
export function identifyAccountTraits(m: SegmentMessage): AccountTraits | null {
  const t = m.traits;
  const company = typeof t.company === 'object' && t.company !== null ? (t.company as Record<string, unknown>) : null;
  const externalId = text(company?.id) ?? text(t.companyId) ?? text(t.company_id) ?? text(t.accountExternalId);
  if (!externalId) return null;
  const out: AccountTraits = { externalId };
  const name = text(company?.name);
  if (name) out.name = name;
  return out;
}

/** The keys a user is known by: `u:` + userId and `a:` + anonymousId (two namespaces, never confused). */
export function userKeys(m: Pick<SegmentMessage, 'userId' | 'anonymousId'>): string[] {
  const keys: string[] = [];
  if (m.userId !== null) keys.push(`u:${m.userId}`);
  if (m.anonymousId !== null) keys.push(`a:${m.anonymousId}`);
  return keys;
}
