/** Plain-language wording of scores: risk drivers, red flags and health components. */
import type { RedFlagType, RiskMethod } from '@/gql/graphql';
import { formatMoney, formatInt } from './format';

export interface Driver {
  feature: string;
  value?: number | null;
  contribution: number;
}

const n = (v: number | null | undefined) => (v === null || v === undefined ? '?' : formatInt(v));

/** What the feature's value says, in words ("no activity for 32 days"). */
export function featurePhrase(feature: string, value: number | null | undefined): string {
  switch (feature) {
    case 'daysSinceLastActivity':
      return `no activity for ${n(value)} days`;
    case 'activeDays30':
      return `active on ${n(value)} of the last 30 days`;
    case 'activeDays90':
      return `active on ${n(value)} of the last 90 days`;
    case 'usageTrend':
      return `usage trend ${value === null || value === undefined ? 'unknown' : `${value > 0 ? '+' : ''}${Math.round(value * 100)} %`}`;
    case 'featureBreadth':
      return `${n(value)} distinct features used`;
    case 'npsLatest':
      return `latest NPS answer ${n(value)}`;
    case 'npsAvg':
      return `average NPS answer ${value === null || value === undefined ? '?' : value.toFixed(1)}`;
    case 'detractor':
      return value ? 'latest NPS answer is a detractor (0–6)' : 'not a detractor';
    case 'negativeTickets90':
      return `${n(value)} negative support tickets in 90 days`;
    case 'paymentFailures90':
      return `${n(value)} failed payments in 90 days`;
    case 'mrr':
      return `MRR ${formatMoney(value ?? null)}`;
    case 'mrrChange90':
      return `MRR ${value !== null && value !== undefined && value < 0 ? 'fell' : 'changed'} by ${formatMoney(Math.abs(value ?? 0))} in 90 days`;
    case 'tenureDays':
      return `customer for ${n(value)} days`;
    case 'daysToRenewal':
      return `renewal in ${n(value)} days`;
    case 'healthScore':
      return `health score ${value === null || value === undefined ? '?' : value.toFixed(0)}`;
    default:
      if (feature.startsWith('segment=')) return `segment ${feature.slice('segment='.length)}`;
      return `${feature} = ${value ?? '?'}`;
  }
}

/**
 * "no activity for 32 days: +18 points of risk". HEURISTIC contributions are health points removed. LOGISTIC
 * ones are log-odds against the average account; given the account's probability p they become percentage
 * points: p − σ(logit(p) − contribution), i.e. how much lower the risk would be without this driver.
 */
export function driverSentence(driver: Driver, method: RiskMethod, probability?: number): string {
  const phrase = featurePhrase(driver.feature, driver.value);
  if (method === 'LOGISTIC' && probability === undefined) {
    const c = driver.contribution;
    return `${phrase}: ${c >= 0 ? '+' : '−'}${Math.abs(c).toFixed(2)} on the log-odds`;
  }
  const points = riskPoints(driver, method, probability ?? 0);
  return `${phrase}: ${points >= 0 ? '+' : '−'}${Math.abs(points)} points of risk`;
}

/** A driver's effect in whole points of risk (see driverSentence). */
function riskPoints(driver: Driver, method: RiskMethod, probability: number): number {
  if (method === 'HEURISTIC') return Math.round(driver.contribution);
  const p = Math.min(Math.max(probability, 1e-6), 1 - 1e-6);
  const without = 1 / (1 + Math.exp(-(Math.log(p / (1 - p)) - driver.contribution)));
  return Math.round((p - without) * 100);
}

const FLAG_TEXT: Record<RedFlagType, string> = {
  CONTRACTION: 'MRR contracted',
  DETRACTOR: 'Detractor NPS',
  DORMANT: 'Dormant (no activity)',
  EMAILS_IGNORED: 'Emails ignored',
  NEGATIVE_SUPPORT: 'Negative support tickets',
  PAYMENT_FAILED: 'Payment failed',
  RENEWAL_AT_RISK: 'Renewal at risk',
  USAGE_DROP: 'Usage dropped',
};

export function flagLabel(type: RedFlagType): string {
  return FLAG_TEXT[type] ?? type;
}

export const FLAG_TYPES = Object.keys(FLAG_TEXT) as RedFlagType[];

/** The single most telling reason an account is on a list: its newest flag, else its weakest component. */
export function topReason(account: {
  health?: {
    flags: { type: RedFlagType; evidence: string }[];
    components?: { label: string; score?: number | null; missing: boolean }[];
  } | null;
  risk?: { drivers: Driver[] } | null;
}): string | null {
  const flag = account.health?.flags[0];
  if (flag) return `${flagLabel(flag.type)}: ${flag.evidence}`;
  const weakest = (account.health?.components ?? [])
    .filter((c) => !c.missing && c.score !== null && c.score !== undefined)
    .sort((a, b) => (a.score ?? 0) - (b.score ?? 0))[0];
  if (weakest) return `${weakest.label} scores ${Math.round(weakest.score ?? 0)} / 100`;
  const driver = account.risk?.drivers[0];
  return driver ? featurePhrase(driver.feature, driver.value) : null;
}
