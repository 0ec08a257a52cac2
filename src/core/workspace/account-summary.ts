import { moneyText } from './money-text';
import { ReasonComponent, ReasonDriver, ReasonFlag, topHealthReason, topRiskReason } from './reasons';

/** What the three summary lines are made from (one row per account, read in one statement). */
export interface AccountSummaryInput {
  status: string;
  mrrCents: number;
  /** MRR 90 days ago (null: no ledger entry that old). */
  mrr90dAgoCents: number | null;
  renewalDate: string | null;
  daysToRenewal: number | null;
  health: {
    score: number | null;
    band: string;
    delta7d: number | null;
    flags: ReasonFlag[];
    components: ReasonComponent[];
  } | null;
  override: { band: string; reason: string; expiresAt: Date } | null;
  risk: { band: string; probability: number; drivers: ReasonDriver[] } | null;
}

const lower = (s: string) => s.toLowerCase();

function healthLine(x: AccountSummaryInput): string {
  const h = x.health;
  if (!h) return 'Health has not been computed yet.';
  const score = h.score === null ? 'no score' : `score ${Math.round(h.score)}`;
  const change =
    h.delta7d === null || Math.round(h.delta7d) === 0
      ? ''
      : `, ${h.delta7d > 0 ? 'up' : 'down'} ${Math.abs(Math.round(h.delta7d))} in 7 days`;
  const why = topHealthReason(h.flags, h.components);
  const head = x.override
    ? `Health shown ${x.override.band} by an override until ${x.override.expiresAt.toISOString().slice(0, 10)} (“${x.override.reason}”); computed ${h.band}, ${score}${change}`
    : `Health ${h.band} (${score}${change})`;
  return `${head}${why ? `; top reason: ${why.charAt(0).toLowerCase()}${why.slice(1)}` : ''}.`;
}

function riskLine(x: AccountSummaryInput): string {
  if (!x.risk) return x.status === 'ACTIVE' ? 'No churn-risk score yet.' : 'No churn risk: the account is not paying.';
  const why = topRiskReason(x.risk.drivers);
  const pct = Math.round(x.risk.probability * 100);
  return `${x.risk.band.charAt(0)}${lower(x.risk.band.slice(1))} churn risk (${pct} %)${why ? `, mainly ${lower(why.charAt(0))}${why.slice(1)}` : ''}.`;
}

function moneyLine(x: AccountSummaryInput): string {
  let trend: string;
  if (x.mrr90dAgoCents === null) trend = 'no MRR history 90 days back';
  else if (x.mrr90dAgoCents === x.mrrCents) trend = 'flat over 90 days';
  else if (x.mrr90dAgoCents === 0) trend = 'new in the last 90 days';
  else {
    const diff = x.mrrCents - x.mrr90dAgoCents;
    const pct = Math.round((Math.abs(diff) / x.mrr90dAgoCents) * 100);
    trend = `${diff > 0 ? 'up' : 'down'} ${moneyText(Math.abs(diff))} (${pct} %) over 90 days`;
  }
  let renewal = 'no renewal date';
  if (x.renewalDate && x.daysToRenewal !== null) {
    const d = x.daysToRenewal;
    renewal =
      d > 1
        ? `renews in ${d} days (${x.renewalDate})`
        : d === 1
          ? `renews tomorrow (${x.renewalDate})`
          : d === 0
            ? `renews today (${x.renewalDate})`
            : `renewal date passed ${-d} days ago (${x.renewalDate})`;
  }
  return `MRR ${moneyText(x.mrrCents)}, ${trend}; ${renewal}.`;
}

/** Three plain-language lines for meeting prep: health and why, churn risk and why, MRR trend and renewal. */
export function accountSummaryLines(x: AccountSummaryInput): [string, string, string] {
  return [healthLine(x), riskLine(x), moneyLine(x)];
}
