import type { AccountPageQuery } from '@/gql/graphql';
import { daysUntil, formatDelta, formatMoney, formatScore } from '@/lib/format';
import { driverSentence, flagLabel, riskPoints } from '@/lib/explain';

export type AccountData = NonNullable<AccountPageQuery['account']>;

/**
 * The three lines at the top of Account 360, for meeting prep: health and why, churn risk and its top driver,
 * then money, renewal and the last thing the customer said.
 */
export function accountSummary(a: AccountData, openTasks: number, now = Date.now()): [string, string, string] {
  const h = a.health;
  let health = 'Health has not been computed yet.';
  if (h) {
    const band = h.band.charAt(0) + h.band.slice(1).toLowerCase();
    const trend =
      h.trend.delta7d !== null && h.trend.delta7d !== undefined
        ? `, ${formatDelta(h.trend.delta7d)} points in 7 days`
        : '';
    const flags = h.flags.length
      ? `; ${h.flags.map((f) => flagLabel(f.type).toLowerCase()).join(', ')}`
      : '; no red flags';
    const override = h.override
      ? ` (overridden; computed ${formatScore(h.score)})`
      : ` (score ${formatScore(h.score)})`;
    health = `${band}${override}${trend}${flags}.`;
  }
  let risk = 'No churn-risk score (the account is not active or not scored yet).';
  if (a.risk) {
    // The strongest driver that raises the risk (drivers that lower it are listed in the risk panel).
    const risk0 = a.risk;
    const top = risk0.drivers.find((d) => riskPoints(d, risk0.method, risk0.probability) >= 1);
    risk = `${a.risk.band.charAt(0) + a.risk.band.slice(1).toLowerCase()} churn risk (${Math.round(a.risk.probability * 100)} % in 90 days)${
      top ? `, mainly ${driverSentence(top, a.risk.method, a.risk.probability)}` : ''
    }.`;
  }
  const renewal = a.renewalDate
    ? daysUntil(a.renewalDate, now) >= 0
      ? `renews in ${daysUntil(a.renewalDate, now)} days`
      : `renewal date passed ${-daysUntil(a.renewalDate, now)} days ago`
    : 'no renewal date';
  const nps =
    a.nps.latestScore !== null && a.nps.latestScore !== undefined
      ? `last NPS ${a.nps.latestScore}`
      : 'no NPS answer yet';
  const money = `${formatMoney(a.mrrCents)} MRR, ${renewal}; ${nps}; ${openTasks} open task${openTasks === 1 ? '' : 's'}.`;
  return [health, risk, money.charAt(0).toUpperCase() + money.slice(1)];
}
