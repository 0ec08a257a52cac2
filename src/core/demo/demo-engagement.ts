/**
 * The demo book's story over its whole history: each account's engagement e(t) in [0, 1] on every day it is a
 * customer, from which its signals and feedback are drawn (with noise). The story the model has to learn:
 *
 * - most churners decline before they churn: over the 45–150 days before a churn their engagement falls to a
 *   low level (fewer active days, more negative tickets, detractors, ignored e-mails, fewer seats);
 * - some churn out of the blue (a healthy-looking account lost to a budget cut or an acquisition): no decline;
 * - some struggle for a while and stay: a dip of 30–90 days that recovers;
 * - today's DECLINING and DORMANT accounts (not churned yet) are fading now; THRIVING ones grow.
 *
 * Deterministic: each account's timeline comes from its own PRNG stream, seeded by its id.
 */
import type { DemoBook, DemoStory } from './demo-book.generator';
import { createRng, seedOf } from './prng';

const DAY = 86_400_000;

/** Share of churners whose engagement declines before they churn (the rest churn out of the blue). */
export const WARNED_CHURN_SHARE = 0.75;
/** Share of accounts with one temporary dip that recovers (struggling stayers). */
export const DIP_SHARE = 0.3;

const BASE: Record<DemoStory, number> = {
  THRIVING: 0.85,
  STEADY: 0.68,
  DECLINING: 0.62,
  DORMANT: 0.55,
  CHURNED: 0.58,
  PROSPECT: 0.5,
};

interface Decline {
  from: number;
  to: number;
  /** The level reached at `to`. */
  floor: number;
  /** Stays at the floor after `to` (a dormant account); otherwise the decline ends with the interval. */
  hold?: boolean;
}

export interface AccountTimeline {
  accountId: string;
  story: DemoStory;
  /** Customer intervals [start, end) in ms (end = churn, or the book's asOf). */
  intervals: Array<[number, number]>;
  /** Churn instants, and whether each was preceded by a decline. */
  churns: Array<{ at: number; warned: boolean }>;
  /** e(t) at an instant (only meaningful inside an interval). */
  engagement: (t: number) => number;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Engagement timelines of every account of the book (prospects: the last 30 days). */
export function demoTimelines(book: DemoBook): Map<string, AccountTimeline> {
  const byAccount = new Map<string, Array<{ at: number; mrr: number }>>();
  for (const c of book.changes) {
    const list = byAccount.get(c.accountId) ?? [];
    list.push({ at: c.effectiveAt.getTime(), mrr: c.mrrCents });
    byAccount.set(c.accountId, list);
  }
  const end = Math.floor(book.asOf.getTime() / DAY) * DAY;
  const out = new Map<string, AccountTimeline>();
  for (const account of book.accounts) {
    const rng = createRng(seedOf(`${account.id}:engagement`));
    const changes = (byAccount.get(account.id) ?? []).sort((a, b) => a.at - b.at);
    const intervals: Array<[number, number]> = [];
    const churns: AccountTimeline['churns'] = [];
    let open: number | null = null;
    for (const c of changes) {
      if (c.mrr > 0 && open === null) open = c.at;
      else if (c.mrr === 0 && open !== null) {
        intervals.push([open, c.at]);
        churns.push({ at: c.at, warned: rng.chance(WARNED_CHURN_SHARE) });
        open = null;
      }
    }
    if (open !== null) intervals.push([open, end]);
    if (account.story === 'PROSPECT') intervals.push([end - 30 * DAY, end]);

    const base = clamp01(BASE[account.story] + (rng.next() - 0.5) * 0.2);
    const declines: Decline[] = [];
    for (const c of churns)
      if (c.warned) declines.push({ from: c.at - rng.int(45, 150) * DAY, to: c.at, floor: 0.02 + rng.next() * 0.18 });
    if (account.story === 'DECLINING') declines.push({ from: end - rng.int(120, 240) * DAY, to: end, floor: 0.25 });
    if (account.story === 'DORMANT')
      declines.push({ from: end - rng.int(90, 180) * DAY, to: end - 20 * DAY, floor: 0.02, hold: true });
    const first = intervals.length ? intervals[0][0] : end;
    let dip: { from: number; to: number } | null = null;
    if (rng.chance(DIP_SHARE) && end - first > 120 * DAY) {
      const from = first + rng.int(0, Math.floor((end - first) / DAY) - 120) * DAY;
      dip = { from, to: from + rng.int(30, 90) * DAY };
    }
    const growth = account.story === 'THRIVING' ? 0.1 : 0;
    const span = Math.max(DAY, end - first);

    const engagement = (t: number): number => {
      let e = base + growth * ((t - first) / span);
      for (const d of declines) {
        if (t < d.from || (t >= d.to && !d.hold)) continue;
        const k = Math.min(1, (t - d.from) / Math.max(DAY, d.to - d.from));
        e = Math.min(e, e + (d.floor - e) * k);
      }
      if (dip && t >= dip.from && t < dip.to) {
        // A V-shaped dip to 40 % of the level, back by its end.
        const k = 1 - Math.abs((t - dip.from) / (dip.to - dip.from) - 0.5) * 2;
        e *= 1 - 0.6 * k;
      }
      return clamp01(e);
    };
    out.set(account.id, { accountId: account.id, story: account.story, intervals, churns, engagement });
  }
  return out;
}
