import type { DemoBook, DemoStory } from './demo-book.generator';
import { createRng, Rng } from './prng';

const DAY = 86_400_000;
export const DEMO_SIGNAL_DAYS = 180;
export const DEMO_FEATURES = [
  'dashboards',
  'reports',
  'alerts',
  'exports',
  'api',
  'integrations',
  'sso',
  'workflows',
  'comments',
  'mobile',
];

interface Profile {
  /** Logins per weekday at the start (t = 0) and at the end (t = 1) of the window. */
  logins: [number, number];
  /** Distinct features in use at the start and at the end. */
  features: [number, number];
  /** feature_used events per login. */
  featurePerLogin: number;
  /** Support tickets per day, and the negative share at the start and the end. */
  tickets: number;
  negative: [number, number];
  positive: number;
  /** Marketing/CS emails per day and the share opened at the start and the end. */
  emails: number;
  opened: [number, number];
  /** payment_failed events in the last 60 days. */
  paymentFailures: [number, number];
  /** Seat count change over the window (factor). */
  seatGrowth: number;
}

const PROFILES: Record<DemoStory, Profile> = {
  THRIVING: {
    logins: [1.4, 2.4],
    features: [6, 10],
    featurePerLogin: 0.9,
    tickets: 0.03,
    negative: [0.1, 0.05],
    positive: 0.6,
    emails: 0.2,
    opened: [0.7, 0.85],
    paymentFailures: [0, 0],
    seatGrowth: 1.6,
  },
  STEADY: {
    logins: [1.2, 1.2],
    features: [5, 5],
    featurePerLogin: 0.7,
    tickets: 0.05,
    negative: [0.2, 0.2],
    positive: 0.35,
    emails: 0.2,
    opened: [0.55, 0.55],
    paymentFailures: [0, 0],
    seatGrowth: 1,
  },
  DECLINING: {
    logins: [1.3, 0.25],
    features: [6, 2],
    featurePerLogin: 0.6,
    tickets: 0.08,
    negative: [0.25, 0.7],
    positive: 0.1,
    emails: 0.2,
    opened: [0.5, 0.1],
    paymentFailures: [1, 3],
    seatGrowth: 0.6,
  },
  DORMANT: {
    logins: [0.9, 0.02],
    features: [4, 1],
    featurePerLogin: 0.5,
    tickets: 0.02,
    negative: [0.3, 0.5],
    positive: 0.1,
    emails: 0.15,
    opened: [0.4, 0.02],
    paymentFailures: [0, 1],
    seatGrowth: 1,
  },
  CHURNED: {
    logins: [1.0, 0.1],
    features: [5, 1],
    featurePerLogin: 0.5,
    tickets: 0.08,
    negative: [0.4, 0.8],
    positive: 0.05,
    emails: 0.2,
    opened: [0.4, 0.05],
    paymentFailures: [1, 2],
    seatGrowth: 0.5,
  },
  PROSPECT: {
    logins: [0, 0.6],
    features: [1, 3],
    featurePerLogin: 0.6,
    tickets: 0.01,
    negative: [0.1, 0.1],
    positive: 0.5,
    emails: 0.25,
    opened: [0.5, 0.5],
    paymentFailures: [0, 0],
    seatGrowth: 1,
  },
};

/** A 32-bit seed from a string (FNV-1a), so each account's stream is independent of the others. */
function seedOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Stochastic rounding: the expected value is `rate`. */
const draw = (rng: Rng, rate: number) => Math.floor(rate + rng.next());
const lerp = (a: number, b: number, t: number) => a + (b - a) * t;

/**
 * Signals telling each account's story over the last 180 days up to `book.asOf` (exclusive): logins and
 * feature use that grow, hold, fade or stop; support tickets whose sentiment sours for declining accounts;
 * emails opened or ignored; payment failures for declining ones; weekly seat counts. Deterministic: the
 * same book gives the same signals (ids are derived from the account and the day).
 */
/** One line of the demo signal stream, shaped as the streaming ingestion reads it (`RawRecord`). */
export interface DemoSignalRecord {
  line: number;
  value: Record<string, unknown>;
}

export function* generateDemoSignals(book: DemoBook, days = DEMO_SIGNAL_DAYS): Generator<DemoSignalRecord> {
  const churnAt = new Map<string, number>();
  for (const c of book.changes)
    if (c.mrrCents === 0) churnAt.set(c.accountId, Math.max(churnAt.get(c.accountId) ?? 0, c.effectiveAt.getTime()));
  const firstAt = new Map<string, number>();
  for (const c of book.changes)
    firstAt.set(c.accountId, Math.min(firstAt.get(c.accountId) ?? Infinity, c.effectiveAt.getTime()));
  const end = Math.floor(book.asOf.getTime() / DAY) * DAY;
  const start = end - days * DAY;
  let line = 0;
  for (const account of book.accounts) {
    const rng = createRng(seedOf(`${account.id}:${account.story}`));
    const p = PROFILES[account.story];
    const stopAt = account.story === 'CHURNED' ? (churnAt.get(account.id) ?? end) : end;
    const since = account.story === 'PROSPECT' ? end - 30 * DAY : Math.max(start, firstAt.get(account.id) ?? start);
    const features = shuffled(rng, DEMO_FEATURES);
    let seats = rng.int(5, account.segment === 'Enterprise' ? 400 : account.segment === 'Mid-Market' ? 80 : 20);
    const failures = new Set<number>();
    for (let i = draw(rng, lerp(p.paymentFailures[0], p.paymentFailures[1], rng.next())); i > 0; i--)
      failures.add(rng.int(1, 60));
    for (let day = Math.floor(since / DAY) * DAY; day < stopAt && day < end; day += DAY) {
      const t = (day - start) / (end - start);
      const weekend = [0, 6].includes(new Date(day).getUTCDay());
      const date = new Date(day).toISOString().slice(0, 10);
      const at = () => new Date(day + rng.int(7, 19) * 3_600_000 + rng.int(0, 3599) * 1000).toISOString();
      const ev = (type: string, k: number, extra: Record<string, unknown> = {}): DemoSignalRecord => ({
        line: ++line,
        value: { id: `${date}:${type}:${k}`, accountId: account.id, type, occurredAt: at(), ...extra },
      });
      const logins = draw(rng, lerp(p.logins[0], p.logins[1], t) * (weekend ? 0.25 : 1));
      for (let k = 0; k < logins; k++) yield ev('login', k);
      const inUse = Math.max(1, Math.round(lerp(p.features[0], p.features[1], t)));
      const uses = draw(rng, logins * p.featurePerLogin);
      for (let k = 0; k < uses; k++)
        yield ev('feature_used', k, { properties: { feature: features[rng.int(0, inUse - 1)] } });
      if (rng.chance(p.tickets)) {
        const r = rng.next();
        const negative = lerp(p.negative[0], p.negative[1], t);
        const sentiment = r < negative ? 'negative' : r < negative + p.positive ? 'positive' : 'neutral';
        yield ev('support_ticket', 0, {
          properties: { sentiment, priority: sentiment === 'negative' && rng.chance(0.4) ? 'high' : 'normal' },
        });
      }
      if (rng.chance(p.emails))
        yield ev(rng.chance(lerp(p.opened[0], p.opened[1], t)) ? 'email_opened' : 'email_ignored', 0);
      if (failures.has(Math.round((end - day) / DAY)))
        yield ev('payment_failed', 0, { properties: { reason: 'card_declined' } });
      if (new Date(day).getUTCDay() === 1) {
        seats = Math.max(1, Math.round(seats * Math.pow(p.seatGrowth, 7 / days)));
        yield ev('seats', 0, { quantity: seats });
      }
    }
  }
}

function shuffled<T>(rng: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
