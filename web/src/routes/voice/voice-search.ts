import type { FeedbackKind, NpsCategory, VerbatimFilter, VoiceFilter } from '@/gql/graphql';

/** The /voice URL: who the figures cover (segment, owner, account) and the feed's own filters. */
export interface VoiceSearch {
  segment?: string;
  owner?: string;
  account?: string;
  /** Shown beside the account filter (the name of `account`). */
  accountName?: string;
  kind?: FeedbackKind;
  category?: NpsCategory;
  min?: number;
  max?: number;
  q?: string;
}

export const TREND_MONTHS = 12;
const KINDS: FeedbackKind[] = ['NPS', 'CSAT', 'TEXT'];
const CATEGORIES: NpsCategory[] = ['PROMOTER', 'PASSIVE', 'DETRACTOR'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const score = (v: unknown) => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 10 ? n : undefined;
};

/** Reads the URL leniently: anything it does not understand is dropped, never an error. */
export function validateVoiceSearch(s: Record<string, unknown>): VoiceSearch {
  const account = text(s.account);
  return {
    segment: text(s.segment),
    owner: text(s.owner) && UUID.test(String(s.owner)) ? String(s.owner) : undefined,
    account: account && UUID.test(account) ? account : undefined,
    accountName: account && UUID.test(account) ? text(s.accountName) : undefined,
    kind: KINDS.find((k) => k === s.kind),
    category: CATEGORIES.find((c) => c === s.category),
    min: score(s.min),
    max: score(s.max),
    q: text(s.q)?.slice(0, 200),
  };
}

/** The first day (UTC) of the month `months - 1` months before this one: where the trend window starts. */
export function windowStart(months: number, now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1)).toISOString();
}

export function voiceFilter(s: VoiceSearch): VoiceFilter {
  return { segment: s.segment ?? null, ownerId: s.owner ?? null, accountId: s.account ?? null };
}

/** The figures' variables: the same scope for the trend, the year's split and CSAT. */
export function figuresVariables(s: VoiceSearch, now = new Date()) {
  const filter = voiceFilter(s);
  const from = windowStart(TREND_MONTHS, now);
  return { filter, npsFilter: { ...filter, from }, csatFilter: { ...filter, from }, months: TREND_MONTHS };
}

export function verbatimFilter(s: VoiceSearch): VerbatimFilter {
  return {
    ...voiceFilter(s),
    kind: s.kind ?? null,
    npsCategory: s.category ?? null,
    minScore: s.min ?? null,
    maxScore: s.max ?? null,
    search: s.q ?? null,
  };
}
