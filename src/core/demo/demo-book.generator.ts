import { createRng } from './prng';

/** How each demo account's story goes; later stages generate signals and feedback that tell it. */
export type DemoStory = 'THRIVING' | 'STEADY' | 'DECLINING' | 'DORMANT' | 'CHURNED' | 'PROSPECT';

export interface DemoUser {
  id: string;
  name: string;
  email: string;
  role: 'MANAGER' | 'CSM';
}

export interface DemoAccount {
  id: string;
  externalId: string;
  name: string;
  segment: string;
  ownerId: string;
  industry: string;
  renewalDate: string | null;
  story: DemoStory;
}

export interface DemoMrrChange {
  accountId: string;
  id: string;
  effectiveAt: Date;
  mrrCents: number;
}

export interface DemoBook {
  users: DemoUser[];
  accounts: DemoAccount[];
  changes: DemoMrrChange[];
  /** The instant the book was generated "as of" (histories end here). */
  asOf: Date;
}

export const DEMO_SEGMENTS = [
  { name: 'SMB', share: 0.6, mrr: [20000, 150000], churnPerMonth: 0.03 },
  { name: 'Mid-Market', share: 0.3, mrr: [150000, 800000], churnPerMonth: 0.015 },
  { name: 'Enterprise', share: 0.1, mrr: [800000, 4000000], churnPerMonth: 0.007 },
] as const;

const INDUSTRIES = ['Software', 'Retail', 'Healthcare', 'Finance', 'Education', 'Manufacturing', 'Media', 'Logistics'];
const WORDS_A = [
  'Blue',
  'North',
  'Bright',
  'Silver',
  'Rapid',
  'Green',
  'Iron',
  'Clear',
  'Summit',
  'Atlas',
  'Nova',
  'Cedar',
];
const WORDS_B = ['Labs', 'Works', 'Systems', 'Health', 'Retail', 'Analytics', 'Logistics', 'Media', 'Foods', 'Capital'];

const CSMS = [
  { name: 'Alice Moreau', email: 'alice@demo.vitals' },
  { name: 'Bilal Haddad', email: 'bilal@demo.vitals' },
  { name: 'Chen Wei', email: 'chen@demo.vitals' },
  { name: 'Dana Kowalski', email: 'dana@demo.vitals' },
];

const DAY = 86_400_000;

/**
 * A deterministic book of business: `accounts` accounts over 3 segments, 4 CSMs and a manager,
 * `months` months of MRR history (new, expansion, contraction, churn, reactivation) ending at `asOf`.
 * Same seed and parameters → same book, byte for byte.
 */
export function generateDemoBook(opts: { accounts: number; seed?: number; months?: number; asOf?: Date }): DemoBook {
  const rng = createRng(opts.seed ?? 42);
  const months = opts.months ?? 18;
  const asOf = opts.asOf ?? new Date(Math.floor(Date.now() / DAY) * DAY);
  const start = Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - months, 1);
  const users: DemoUser[] = [
    { id: rng.uuid(), name: 'Morgan Lee', email: 'manager@demo.vitals', role: 'MANAGER' },
    ...CSMS.map((c) => ({ id: rng.uuid(), name: c.name, email: c.email, role: 'CSM' as const })),
  ];
  const csms = users.filter((u) => u.role === 'CSM');
  const accounts: DemoAccount[] = [];
  const changes: DemoMrrChange[] = [];
  for (let i = 0; i < opts.accounts; i++) {
    const r = rng.next();
    const seg = r < 0.6 ? DEMO_SEGMENTS[0] : r < 0.9 ? DEMO_SEGMENTS[1] : DEMO_SEGMENTS[2];
    const id = rng.uuid();
    const account: DemoAccount = {
      id,
      externalId: `DEMO-${String(i + 1).padStart(6, '0')}`,
      name: `${rng.pick(WORDS_A)} ${rng.pick(WORDS_B)} ${i + 1}`,
      segment: seg.name,
      ownerId: csms[i % csms.length].id,
      industry: rng.pick(INDUSTRIES),
      renewalDate: null,
      story: 'STEADY',
    };
    accounts.push(account);
    if (rng.chance(0.05)) {
      account.story = 'PROSPECT';
      continue;
    }
    // Sign-up spread over the history; a third of the book was already a customer when it starts.
    const signUp = rng.chance(0.33)
      ? start + rng.int(0, 27) * DAY
      : start + rng.int(0, Math.max(1, months * 30 - 45)) * DAY;
    let t = signUp;
    let mrr = roundTo(rng.int(seg.mrr[0], seg.mrr[1]), 1000);
    changes.push({ accountId: id, id: rng.uuid(), effectiveAt: new Date(t), mrrCents: mrr });
    const trend = rng.next(); // < 0.2 declining, > 0.8 thriving
    let churned = false;
    for (t = t + rng.int(20, 40) * DAY; t < asOf.getTime(); t += rng.int(25, 35) * DAY) {
      if (churned) {
        if (rng.chance(0.06)) {
          churned = false;
          mrr = roundTo(rng.int(seg.mrr[0], seg.mrr[1]), 1000);
          changes.push({ accountId: id, id: rng.uuid(), effectiveAt: new Date(t), mrrCents: mrr });
        }
        continue;
      }
      const churnP = seg.churnPerMonth * (trend < 0.2 ? 3 : trend > 0.8 ? 0.3 : 1);
      if (rng.chance(churnP)) {
        churned = true;
        mrr = 0;
        changes.push({ accountId: id, id: rng.uuid(), effectiveAt: new Date(t), mrrCents: 0 });
        continue;
      }
      const up = trend > 0.8 ? 0.15 : trend < 0.2 ? 0.02 : 0.06;
      const down = trend < 0.2 ? 0.12 : trend > 0.8 ? 0.01 : 0.03;
      const x = rng.next();
      if (x < up) mrr = roundTo(mrr * (1 + 0.1 + rng.next() * 0.4), 100);
      else if (x < up + down) mrr = Math.max(1000, roundTo(mrr * (0.6 + rng.next() * 0.3), 100));
      else continue;
      changes.push({ accountId: id, id: rng.uuid(), effectiveAt: new Date(t), mrrCents: mrr });
    }
    account.story = churned
      ? 'CHURNED'
      : trend < 0.12
        ? 'DORMANT'
        : trend < 0.3
          ? 'DECLINING'
          : trend > 0.75
            ? 'THRIVING'
            : 'STEADY';
    if (!churned) {
      // Annual contracts renew on the sign-up anniversary.
      const s = new Date(signUp);
      let renewal = Date.UTC(asOf.getUTCFullYear(), s.getUTCMonth(), s.getUTCDate());
      if (renewal <= asOf.getTime()) renewal = Date.UTC(asOf.getUTCFullYear() + 1, s.getUTCMonth(), s.getUTCDate());
      account.renewalDate = new Date(renewal).toISOString().slice(0, 10);
    }
  }
  return { users, accounts, changes, asOf };
}

function roundTo(v: number, step: number): number {
  return Math.max(step, Math.round(v / step) * step);
}
