import { createRng, Rng } from './prng';
import type { DemoAccount, DemoBook, DemoStory } from './demo-book.generator';
import { demoTimelines } from './demo-engagement';

/**
 * Demo feedback that tells each demo account's story over its whole history: NPS answers follow the account's
 * engagement e(t) (demo-engagement.ts) with noise — the engaged answer more often, as promoters; accounts in a
 * decline before churning, DECLINING and DORMANT ones slide to detractors and answer less; CSAT and notes by
 * story; PROSPECTs have none. Deterministic: each account's feedback comes
 * from its own PRNG stream seeded by its (seed-derived) id, so the same seed gives the same feedback
 * and the book's own random stream is untouched.
 */
export interface DemoNpsResponse {
  accountId: string;
  id: string;
  score: number;
  comment: string | null;
  respondentEmail: string;
  respondedAt: Date;
}
export interface DemoCsatResponse {
  accountId: string;
  id: string;
  score: number;
  comment: string | null;
  topic: string;
  respondedAt: Date;
}
export interface DemoFeedbackNote {
  accountId: string;
  id: string;
  text: string;
  source: 'CALL' | 'EMAIL' | 'TICKET' | 'SURVEY' | 'MEETING' | 'OTHER';
  sentiment: 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE';
  tags: string[];
  occurredAt: Date;
}
export interface DemoFeedback {
  nps: DemoNpsResponse[];
  csat: DemoCsatResponse[];
  notes: DemoFeedbackNote[];
}

const DAY = 86_400_000;
const QUARTER = 91 * DAY;

const CONTACTS = ['alex.martin', 'sam.nguyen', 'jo.schmidt', 'pat.oconnor', 'kim.tanaka', 'lee.garcia'];

const NPS_COMMENTS = {
  PROMOTER: [
    'The health dashboards changed how we run QBRs.',
    'Support is fast and knows our setup.',
    'Rolled it out to two more teams.',
    null,
  ],
  PASSIVE: [
    'Does the job, reporting could be more flexible.',
    'Fine overall; onboarding took longer than planned.',
    null,
    null,
  ],
  DETRACTOR: [
    'Too many bugs since the last release.',
    'We barely use it and it is expensive.',
    'Support takes days to answer.',
    'Missing the integrations we were promised.',
  ],
} as const;

const CSAT_POOLS: Record<Exclude<DemoStory, 'PROSPECT'>, number[]> = {
  THRIVING: [5, 5, 4, 5],
  STEADY: [4, 3, 5, 4, 4],
  DECLINING: [3, 2, 4, 2, 3],
  DORMANT: [3, 4, 3],
  CHURNED: [1, 2, 3, 2],
};
const CSAT_TOPICS = ['Support ticket', 'Onboarding', 'Billing', 'Training session'];

interface NoteTemplate {
  text: string;
  source: DemoFeedbackNote['source'];
  sentiment: DemoFeedbackNote['sentiment'];
  tags: string[];
}
const NOTES: Record<Exclude<DemoStory, 'PROSPECT'>, NoteTemplate[]> = {
  THRIVING: [
    {
      text: 'QBR: exec sponsor wants to expand to the EMEA team next quarter.',
      source: 'MEETING',
      sentiment: 'POSITIVE',
      tags: ['expansion', 'qbr'],
    },
    {
      text: 'Champion shared our case study internally; asked about the API tier.',
      source: 'CALL',
      sentiment: 'POSITIVE',
      tags: ['upsell', 'api'],
    },
    {
      text: 'Thank-you note after the workflow automation went live.',
      source: 'EMAIL',
      sentiment: 'POSITIVE',
      tags: ['automation'],
    },
  ],
  STEADY: [
    {
      text: 'Check-in call: usage stable, asked for better CSV exports.',
      source: 'CALL',
      sentiment: 'NEUTRAL',
      tags: ['reporting', 'feature-request'],
    },
    {
      text: 'Renewal conversation started; no concerns raised so far.',
      source: 'MEETING',
      sentiment: 'NEUTRAL',
      tags: ['renewal'],
    },
    {
      text: 'Ticket about SSO setup resolved in a day; customer satisfied.',
      source: 'TICKET',
      sentiment: 'POSITIVE',
      tags: ['sso', 'support'],
    },
  ],
  DECLINING: [
    {
      text: 'Champion left the company; new admin unsure about the value.',
      source: 'CALL',
      sentiment: 'NEGATIVE',
      tags: ['champion-change', 'risk'],
    },
    {
      text: 'Complaint about slow dashboards and two outages this month.',
      source: 'TICKET',
      sentiment: 'NEGATIVE',
      tags: ['performance', 'reliability'],
    },
    {
      text: 'Finance asked for a discount at renewal, comparing competitors.',
      source: 'EMAIL',
      sentiment: 'NEGATIVE',
      tags: ['pricing', 'renewal', 'competitor'],
    },
  ],
  DORMANT: [
    {
      text: 'No reply to the last three check-in e-mails.',
      source: 'EMAIL',
      sentiment: 'NEUTRAL',
      tags: ['unresponsive'],
    },
    {
      text: 'Admin says the team "has not had time" to roll it out.',
      source: 'CALL',
      sentiment: 'NEGATIVE',
      tags: ['adoption', 'risk'],
    },
  ],
  CHURNED: [
    {
      text: 'Cancellation call: moving to an all-in-one suite to cut costs.',
      source: 'CALL',
      sentiment: 'NEGATIVE',
      tags: ['churn-reason', 'competitor'],
    },
    {
      text: 'Exit survey: product did not fit the new process after the reorg.',
      source: 'SURVEY',
      sentiment: 'NEGATIVE',
      tags: ['churn-reason'],
    },
    {
      text: 'Escalation about unresolved data-sync errors.',
      source: 'TICKET',
      sentiment: 'NEGATIVE',
      tags: ['integration', 'escalation'],
    },
  ],
};

/** FNV-1a of a string: the per-account seed. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function categoryOf(score: number): keyof typeof NPS_COMMENTS {
  return score >= 9 ? 'PROMOTER' : score >= 7 ? 'PASSIVE' : 'DETRACTOR';
}

/** The account's customer window: two weeks after its first paid change .. churn (or asOf): the whole history. */
function windowOf(
  account: DemoAccount,
  changes: Array<{ effectiveAt: Date; mrrCents: number }>,
  asOf: Date,
): [number, number] | null {
  if (!changes.length) return null;
  const first = changes[0].effectiveAt.getTime();
  let end = asOf.getTime();
  if (account.story === 'CHURNED') {
    const last = changes[changes.length - 1];
    if (last.mrrCents === 0) end = last.effectiveAt.getTime();
  }
  const start = first + 14 * DAY;
  return end - start > DAY ? [start, end] : null;
}

function at(rng: Rng, from: number, to: number): Date {
  // Whole minutes keep the data readable; strictly before `to`.
  const span = Math.max(1, Math.floor((to - from) / 60_000) - 1);
  return new Date(from + rng.int(0, span) * 60_000);
}

export function generateDemoFeedback(book: DemoBook): DemoFeedback {
  const out: DemoFeedback = { nps: [], csat: [], notes: [] };
  const changesByAccount = new Map<string, Array<{ effectiveAt: Date; mrrCents: number }>>();
  for (const c of book.changes) {
    const list = changesByAccount.get(c.accountId);
    if (list) list.push(c);
    else changesByAccount.set(c.accountId, [c]);
  }
  for (const list of changesByAccount.values()) list.sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());

  const timelines = demoTimelines(book);
  for (const account of book.accounts) {
    if (account.story === 'PROSPECT') continue;
    const story = account.story;
    const win = windowOf(account, changesByAccount.get(account.id) ?? [], book.asOf);
    if (!win) continue;
    const [start, end] = win;
    const rng = createRng(hash32(`${account.id}:feedback`));
    const domain = `${account.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}.example`;
    const contacts = [rng.pick(CONTACTS), rng.pick(CONTACTS), rng.pick(CONTACTS)];

    // NPS: a survey each quarter while a customer; the engaged answer more often and score higher (e(t), with noise).
    const tl = timelines.get(account.id);
    const customerAt = (t: number) => !!tl?.intervals.some(([a, b]) => t >= a && t < b);
    for (let q = start; q < end; q += QUARTER) {
      const qEnd = Math.min(end, q + QUARTER);
      const mid = Math.min(end - 1, q + QUARTER / 2);
      const e = tl ? tl.engagement(mid) : 0.6;
      const respondents = rng.chance(0.25 + 0.65 * e) ? (rng.chance(0.4) ? 2 : 1) : 0;
      for (let r = 0; r < respondents; r++) {
        const respondedAt = at(rng, q, qEnd);
        const noise = (rng.next() + rng.next() + rng.next() - 1.5) * 2;
        const score = Math.max(
          0,
          Math.min(10, Math.round(2.5 + 7.5 * (tl ? tl.engagement(respondedAt.getTime()) : e) + noise)),
        );
        if (!customerAt(respondedAt.getTime())) continue;
        out.nps.push({
          accountId: account.id,
          id: rng.uuid(),
          score,
          comment: rng.pick(NPS_COMMENTS[categoryOf(score)]),
          respondentEmail: `${contacts[r]}@${domain}`,
          respondedAt,
        });
      }
    }

    // CSAT after support tickets and sessions: a few a year.
    const csatCount = story === 'DORMANT' ? rng.int(0, 1) : rng.int(1, 4);
    for (let i = 0; i < csatCount; i++) {
      const score = rng.pick(CSAT_POOLS[story]);
      out.csat.push({
        accountId: account.id,
        id: rng.uuid(),
        score,
        comment: score <= 2 ? 'Took too long to get an answer.' : score >= 5 ? 'Quick and helpful.' : null,
        topic: rng.pick(CSAT_TOPICS),
        respondedAt: at(rng, start, end),
      });
    }

    // A few verbatims from calls, meetings, e-mails and tickets; the story's last words come last.
    const templates = NOTES[story];
    const noteCount = rng.int(1, Math.min(2, templates.length));
    for (let i = 0; i < noteCount; i++) {
      const tpl = templates[(i + rng.int(0, templates.length - 1)) % templates.length];
      const from = start + ((end - start) * i) / noteCount;
      const to = start + ((end - start) * (i + 1)) / noteCount;
      out.notes.push({
        accountId: account.id,
        id: rng.uuid(),
        ...tpl,
        tags: [...tpl.tags],
        occurredAt: at(rng, from, to),
      });
    }
  }
  return out;
}
