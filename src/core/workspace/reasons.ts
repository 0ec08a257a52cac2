/**
 * "Why" in one line, for My Day's what-changed list and the account summary: the top reason behind a health
 * drop, a new red flag or a rise in churn risk, from the stored explanation (flags, components, risk drivers).
 */

export interface ReasonFlag {
  type: string;
  evidence: string;
  since?: string | Date | null;
}

export interface ReasonComponent {
  key: string;
  label?: string | null;
  score: number | null;
  effectiveWeight: number;
  missing: boolean;
}

export interface ReasonDriver {
  feature: string;
  value: number | null;
  contribution: number;
  /** The risk model's own plain-English label (core/risk/driver-labels.ts), stored with scores since issue 20. */
  label?: string | null;
}

const words = (code: string): string =>
  code
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The top reason for a weak or falling health score: the newest active red flag (its evidence says it best),
 * else the measure that costs the most points (effective weight × points short of 100).
 */
export function topHealthReason(flags: readonly ReasonFlag[], components: readonly ReasonComponent[]): string | null {
  if (flags.length) {
    const newest = [...flags].sort((a, b) => String(b.since ?? '').localeCompare(String(a.since ?? '')))[0];
    return `${capital(words(newest.type))}: ${newest.evidence}`;
  }
  let worst: { c: ReasonComponent; lost: number } | null = null;
  for (const c of components) {
    if (c.missing || c.score === null) continue;
    const lost = c.effectiveWeight * (100 - c.score);
    if (lost > 0 && (!worst || lost > worst.lost)) worst = { c, lost };
  }
  if (!worst) return null;
  const name = worst.c.label?.trim() || words(worst.c.key);
  return `${capital(name)} scored ${Math.round(worst.c.score!)} of 100 (−${Math.round(worst.lost)} points)`;
}

/** One risk driver in plain words, e.g. "no activity for 32 days": the model's label when stored, else derived. */
export function riskDriverText(d: ReasonDriver): string {
  // Lower-case the first letter of a sentence start ("No activity…"), not of an acronym ("MRR down…", "NPS").
  if (d.label) return /^[A-Z][a-z]/.test(d.label) ? d.label.charAt(0).toLowerCase() + d.label.slice(1) : d.label;
  const v = d.value;
  const n = v === null ? null : Math.round(v);
  switch (d.feature) {
    case 'daysSinceLastActivity':
      return n === null ? 'no activity recorded' : `no activity for ${n} days`;
    case 'activeDays30':
      return `${n ?? 0} active days in the last 30`;
    case 'activeDays90':
      return `${n ?? 0} active days in the last 90`;
    case 'detractor':
      return v ? 'latest NPS answer is a detractor' : 'no detractor NPS answer';
    case 'negativeTickets90':
      return `${n ?? 0} negative support tickets in 90 days`;
    case 'tenureDays':
      return `customer for ${n ?? 0} days`;
    case 'mrr':
      return 'its MRR';
    default: {
      const eq = d.feature.indexOf('=');
      if (eq > 0) return `${words(d.feature.slice(0, eq))} is ${d.feature.slice(eq + 1)}`;
      return v === null ? words(d.feature) : `${words(d.feature)} is ${Math.round(v * 100) / 100}`;
    }
  }
}

/** The driver that raises the risk most (largest positive contribution), in plain words; null when none does. */
export function topRiskReason(drivers: readonly ReasonDriver[]): string | null {
  const up = drivers.filter((d) => d.contribution > 0).sort((a, b) => b.contribution - a.contribution);
  return up.length ? capital(riskDriverText(up[0])) : null;
}
