/**
 * Plain-English labels of churn-risk drivers, ready to show as they are ("No activity for 32 days"). One label
 * per feature of the account model (account-features.ts); anything else falls back to "<feature>: <value>".
 */
import { FeatureValue } from './types';
import type { AccountNumericFeature } from './account-features';

const MISSING_LABELS: Record<string, string> = {
  signals: 'No usage data yet for this period (product signals were connected later)',
  seats: 'No seat counts reported in the last 90 days',
  nps: 'Has not answered an NPS survey yet',
  health: 'No health score history yet for this period',
};

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${int(n)} ${Math.round(n) === 1 ? one : many}`;
/** Money in cents as whole currency units with two decimals, no symbol (the ledger has no currency). */
const money = (cents: number) =>
  (Math.abs(cents) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (ratio: number) => `${Math.round(Math.abs(ratio) * 100)} %`;

function tenure(days: number): string {
  if (days < 60) return `Customer for ${plural(days, 'day')}`;
  const months = Math.floor(days / 30.4375);
  if (months < 24) return `Customer for ${plural(months, 'month')}`;
  return `Customer for ${(days / 365.25).toFixed(1)} years`;
}

function npsCategory(score: number): string {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

const LABELS: Record<string, (v: number) => string> = {
  activeDays30: (v) => `Active on ${int(v)} of the last 30 days`,
  activeDays90: (v) => `Active on ${int(v)} of the last 90 days`,
  usageTrend: (v) => {
    const change = Math.exp(v) - 1;
    if (Math.abs(change) < 0.05) return 'Usage steady over the last 30 days';
    return `Usage ${change < 0 ? 'down' : 'up'} ${pct(change)} in the last 30 days vs the 60 days before`;
  },
  daysSinceLastActivity: (v) =>
    v < 1 ? 'Active today' : v < 2 ? 'Last active yesterday' : `No activity for ${plural(v, 'day')}`,
  featureBreadth: (v) => `Used ${plural(v, 'feature')} in the last 90 days`,
  seatChange90: (v) => {
    const change = Math.exp(v) - 1;
    if (Math.abs(change) < 0.05) return 'Seat count steady over 90 days';
    return `Seats ${change < 0 ? 'down' : 'up'} ${pct(change)} over 90 days`;
  },
  npsLatest: (v) => `Latest NPS answer ${int(v)} (${npsCategory(v)})`,
  npsAvg: (v) => `Average NPS answer ${v.toFixed(1)}`,
  detractor: (v) => (v > 0 ? 'Latest NPS answer is a detractor (0–6)' : 'Latest NPS answer is not a detractor'),
  negativeTickets90: (v) =>
    v > 0 ? `${plural(v, 'negative support ticket')} in the last 90 days` : 'No negative support tickets in 90 days',
  paymentFailures90: (v) =>
    v > 0 ? `${plural(v, 'failed payment')} in the last 90 days` : 'No failed payments in 90 days',
  mrr: (v) => `MRR ${money(v)}`,
  mrrChange90: (v) =>
    v === 0 ? 'MRR unchanged over 90 days' : `MRR ${v < 0 ? 'down' : 'up'} ${money(v)} over 90 days`,
  tenureDays: tenure,
  daysToRenewal: (v) => (v <= 0 ? 'Renews today' : `Renews in ${plural(v, 'day')}`),
  healthScore: (v) => `Health score ${int(v)} of 100`,
};

/**
 * The label of one driver: `feature` is a design column (`daysSinceLastActivity`, `segment=SMB`,
 * `missing:signals`), `value` its raw value (the value before clipping: the label says what is true).
 */
export function driverLabel(feature: string, value: FeatureValue): string {
  if (feature.startsWith('missing:')) {
    const group = feature.slice('missing:'.length);
    return MISSING_LABELS[group] ?? `No ${group} data yet`;
  }
  const eq = feature.indexOf('=');
  if (eq > 0) {
    const name = feature.slice(0, eq);
    return `${name.charAt(0).toUpperCase()}${name.slice(1)}: ${feature.slice(eq + 1)}`;
  }
  const f = LABELS[feature];
  if (typeof value === 'number' && Number.isFinite(value) && f) return f(value);
  return value === null || value === undefined ? `${feature}: unknown` : `${feature}: ${String(value)}`;
}

/** What a feature is, without a value (the model page's coefficients): one title per numeric feature. */
const TITLES: Record<AccountNumericFeature, string> = {
  activeDays30: 'Active days in the last 30 days',
  activeDays90: 'Active days in the last 90 days',
  usageTrend: 'Usage trend (last 30 days vs the 60 before)',
  daysSinceLastActivity: 'Days since the last activity',
  featureBreadth: 'Features used in the last 90 days',
  seatChange90: 'Seat change over 90 days',
  npsLatest: 'Latest NPS answer',
  npsAvg: 'Average NPS answer',
  detractor: 'Latest NPS answer is a detractor',
  negativeTickets90: 'Negative support tickets in the last 90 days',
  paymentFailures90: 'Failed payments in the last 90 days',
  mrr: 'MRR',
  mrrChange90: 'MRR change over 90 days',
  tenureDays: 'Time as a customer',
  daysToRenewal: 'Days to renewal',
  healthScore: 'Health score',
};

/** The title of a design column: a numeric feature, `segment=<value>`, `missing:<group>` or `(intercept)`. */
export function featureTitle(feature: string): string {
  if (feature === '(intercept)') return 'Baseline (intercept)';
  if (feature.startsWith('missing:')) return driverLabel(feature, null);
  if (feature.indexOf('=') > 0) return driverLabel(feature, null);
  return (TITLES as Record<string, string>)[feature] ?? feature;
}
