import type { AccountFilter, AccountOrder, HealthBand, RedFlagType, RiskBand } from '@/gql/graphql';

/** The Accounts list's URL: every filter, the sort and the page cursor, so a view can be shared. */
export interface AccountsSearch {
  q?: string;
  owner?: string;
  segment?: string;
  band?: HealthBand;
  risk?: RiskBand;
  /** One red-flag type, or ANY for accounts with at least one. */
  flag?: RedFlagType | 'ANY';
  /** Renewal within this many days. */
  renewal?: number;
  status?: 'ACTIVE' | 'CHURNED' | 'PROSPECT';
  /** `<day>:<band>`: the band in the health history on that day (a Portfolio health bar). */
  bandOn?: string;
  /** MRR at risk: live accounts that are Red (shown band) or at High churn risk. */
  atRisk?: boolean;
  sort?: AccountOrder;
  after?: string;
}

const BANDS = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'];
const RISKS = ['LOW', 'MEDIUM', 'HIGH'];
const FLAGS = [
  'ANY',
  'CONTRACTION',
  'DETRACTOR',
  'DORMANT',
  'EMAILS_IGNORED',
  'NEGATIVE_SUPPORT',
  'PAYMENT_FAILED',
  'RENEWAL_AT_RISK',
  'USAGE_DROP',
];
const STATUSES = ['ACTIVE', 'CHURNED', 'PROSPECT'];
export const SORTS: { value: AccountOrder; label: string }[] = [
  { value: 'HEALTH_ASC', label: 'Health: worst first' },
  { value: 'HEALTH_DESC', label: 'Health: best first' },
  { value: 'CHANGE_7D_ASC', label: '7-day change: biggest fall first' },
  { value: 'CHANGE_7D_DESC', label: '7-day change: biggest rise first' },
  { value: 'RISK_DESC', label: 'Churn risk: highest first' },
  { value: 'RISK_ASC', label: 'Churn risk: lowest first' },
  { value: 'MRR_DESC', label: 'MRR: highest first' },
  { value: 'MRR_ASC', label: 'MRR: lowest first' },
  { value: 'RENEWAL_ASC', label: 'Renewal: soonest first' },
  { value: 'RENEWAL_DESC', label: 'Renewal: latest first' },
  { value: 'NAME_ASC', label: 'Name A–Z' },
  { value: 'NAME_DESC', label: 'Name Z–A' },
];
export const RENEWAL_WINDOWS = [30, 60, 90, 180];

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const oneOf = <T extends string>(v: unknown, allowed: readonly string[]) =>
  typeof v === 'string' && allowed.includes(v) ? (v as T) : undefined;

export function validateAccountsSearch(search: Record<string, unknown>): AccountsSearch {
  const renewal = Number(search.renewal);
  return {
    q: str(search.q),
    owner: str(search.owner),
    segment: str(search.segment),
    band: oneOf<HealthBand>(search.band, BANDS),
    risk: oneOf<RiskBand>(search.risk, RISKS),
    flag: oneOf<RedFlagType | 'ANY'>(search.flag, FLAGS),
    renewal: RENEWAL_WINDOWS.includes(renewal) ? renewal : undefined,
    status: oneOf<'ACTIVE'>(search.status, STATUSES),
    bandOn: parseBandOn(search.bandOn) ? (search.bandOn as string) : undefined,
    atRisk: search.atRisk === true || search.atRisk === 'true' ? true : undefined,
    sort: oneOf<AccountOrder>(
      search.sort,
      SORTS.map((s) => s.value),
    ),
    after: str(search.after),
  };
}

/** `2026-11-29:RED` → { day, band }; anything else → null. */
export function parseBandOn(v: unknown): { day: string; band: HealthBand } | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2}):(GREEN|YELLOW|RED|UNKNOWN)$/.exec(v);
  return m ? { day: m[1], band: m[2] as HealthBand } : null;
}

/** The API filter of a URL state (renewal window: today … today + N days). */
export function toAccountFilter(s: AccountsSearch): AccountFilter {
  return {
    search: s.q,
    ownerId: s.owner,
    segment: s.segment,
    band: s.band,
    riskBand: s.risk,
    hasFlag: s.flag === 'ANY' ? undefined : s.flag,
    hasRedFlag: s.flag === 'ANY' ? true : undefined,
    status: s.status,
    renewalWithinDays: s.renewal,
    bandOn: parseBandOn(s.bandOn) ?? undefined,
    atRisk: s.atRisk,
  };
}

/** The CSV export of exactly this filtered list (all pages), as query-string parameters. */
export function exportHref(s: AccountsSearch): string {
  const params = new URLSearchParams();
  const { bandOn, ...rest } = toAccountFilter(s);
  for (const [k, v] of Object.entries(rest)) if (v !== undefined && v !== null) params.set(k, String(v));
  // The export takes bandOn as one parameter, `<day>:<band>` (the URL's own form).
  if (bandOn) params.set('bandOn', `${bandOn.day}:${bandOn.band}`);
  if (s.sort) params.set('orderBy', s.sort);
  const qs = params.toString();
  return `/export/accounts.csv${qs ? `?${qs}` : ''}`;
}
