import type { DemoBook } from './demo-book.generator';
import { demoTimelines } from './demo-engagement';
import { createRng, Rng, seedOf } from './prng';

const DAY = 86_400_000;
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

/** Stochastic rounding: the expected value is `rate`. */
const draw = (rng: Rng, rate: number) => Math.floor(rate + rng.next());

/** One line of the demo signal stream, shaped as the streaming ingestion reads it (`RawRecord`). */
export interface DemoSignalRecord {
  line: number;
  value: Record<string, unknown>;
}

/**
 * Signals telling each account's story over its whole history (every day it was a customer, up to `book.asOf`
 * exclusive), drawn with noise from its engagement e(t) (demo-engagement.ts): logins ≈ 1.3·e^1.5 a weekday,
 * feature use over 1 + 9·e features, support tickets more frequent and more negative as e falls, e-mails opened
 * with probability 0.1 + 0.75·e, rare payment failures (more when e is low), weekly seat counts that grow above
 * e = 0.5 and shrink below it. Deterministic: the same book gives the same signals (ids derive from the account
 * and the day).
 */
export function* generateDemoSignals(book: DemoBook): Generator<DemoSignalRecord> {
  const timelines = demoTimelines(book);
  let line = 0;
  for (const account of book.accounts) {
    const tl = timelines.get(account.id);
    if (!tl) continue;
    const rng = createRng(seedOf(`${account.id}:${account.story}`));
    const features = shuffled(rng, DEMO_FEATURES);
    let seats = rng.int(5, account.segment === 'Enterprise' ? 400 : account.segment === 'Mid-Market' ? 80 : 20);
    for (const [from, to] of tl.intervals) {
      for (let day = Math.floor(from / DAY) * DAY; day < to; day += DAY) {
        const e = tl.engagement(day);
        const weekend = [0, 6].includes(new Date(day).getUTCDay());
        const date = new Date(day).toISOString().slice(0, 10);
        const at = () => new Date(day + rng.int(7, 19) * 3_600_000 + rng.int(0, 3599) * 1000).toISOString();
        const ev = (type: string, k: number, extra: Record<string, unknown> = {}): DemoSignalRecord => ({
          line: ++line,
          value: { id: `${date}:${type}:${k}`, accountId: account.id, type, occurredAt: at(), ...extra },
        });
        const logins = draw(rng, 1.3 * Math.pow(e, 1.5) * (weekend ? 0.25 : 1));
        for (let k = 0; k < logins; k++) yield ev('login', k);
        const inUse = Math.max(1, Math.round(1 + 9 * e));
        const uses = draw(rng, logins * 0.6);
        for (let k = 0; k < uses; k++)
          yield ev('feature_used', k, { properties: { feature: features[rng.int(0, inUse - 1)] } });
        if (rng.chance(0.03 + 0.05 * (1 - e))) {
          const r = rng.next();
          const negative = 0.1 + 0.7 * (1 - e);
          const positive = 0.6 * e;
          const sentiment = r < negative ? 'negative' : r < negative + positive ? 'positive' : 'neutral';
          yield ev('support_ticket', 0, {
            properties: { sentiment, priority: sentiment === 'negative' && rng.chance(0.4) ? 'high' : 'normal' },
          });
        }
        if (rng.chance(0.2)) yield ev(rng.chance(0.1 + 0.75 * e) ? 'email_opened' : 'email_ignored', 0);
        if (rng.chance(0.001 + 0.012 * (1 - e) * (1 - e)))
          yield ev('payment_failed', 0, { properties: { reason: 'card_declined' } });
        if (new Date(day).getUTCDay() === 1) {
          seats = Math.max(1, seats * (1 + 0.06 * (e - 0.5) + (rng.next() - 0.5) * 0.02));
          yield ev('seats', 0, { quantity: Math.round(seats) });
        }
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
