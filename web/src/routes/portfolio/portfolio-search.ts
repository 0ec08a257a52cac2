import type { HealthBand, PortfolioQuery } from '@/gql/graphql';

/** The Portfolio health URL: the view (whole book, a segment, one CSM — or both) and the number of weeks. */
export interface PortfolioSearch {
  weeks?: 13 | 26 | 52;
  segment?: string;
  owner?: string;
}

export const WEEK_CHOICES = [13, 26, 52] as const;
export const DEFAULT_WEEKS = 26;

export function validatePortfolioSearch(search: Record<string, unknown>): PortfolioSearch {
  const weeks = Number(search.weeks);
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  return {
    weeks: (WEEK_CHOICES as readonly number[]).includes(weeks) ? (weeks as 13 | 26 | 52) : undefined,
    segment: str(search.segment),
    owner: str(search.owner),
  };
}

export function portfolioVariables(s: PortfolioSearch) {
  return { weeks: s.weeks ?? DEFAULT_WEEKS, segment: s.segment, ownerId: s.owner };
}

/**
 * The Accounts list behind a bar segment: the accounts whose health history on the bar's day has that band, in the
 * same segment and owner — the list's count is the bar's (the API uses one definition for both).
 */
export function barDrillSearch(s: PortfolioSearch, day: string, band: HealthBand) {
  return { bandOn: `${day}:${band}`, segment: s.segment, owner: s.owner };
}

/** The Accounts list behind "MRR at risk". */
export function atRiskDrillSearch(s: PortfolioSearch) {
  return { atRisk: true as const, segment: s.segment, owner: s.owner };
}

export type PortfolioWeek = PortfolioQuery['portfolioHealth']['weeks'][number];

/** One chart row per week: accounts per band (and MRR per band for the table), keyed by band. */
export interface WeekRow {
  weekStart: string;
  day: string | null;
  total: number;
  GREEN: number;
  YELLOW: number;
  RED: number;
  UNKNOWN: number;
  mrr: Record<HealthBand, number>;
}

export function toWeekRows(weeks: readonly PortfolioWeek[]): WeekRow[] {
  return weeks.map((w) => {
    const count = (band: HealthBand) => w.bands.find((b) => b.band === band)?.accounts ?? 0;
    const mrr = (band: HealthBand) => w.bands.find((b) => b.band === band)?.mrrCents ?? 0;
    return {
      weekStart: w.weekStart,
      day: w.day ?? null,
      total: w.accounts,
      GREEN: count('GREEN'),
      YELLOW: count('YELLOW'),
      RED: count('RED'),
      UNKNOWN: count('UNKNOWN'),
      mrr: { GREEN: mrr('GREEN'), YELLOW: mrr('YELLOW'), RED: mrr('RED'), UNKNOWN: mrr('UNKNOWN') },
    };
  });
}
