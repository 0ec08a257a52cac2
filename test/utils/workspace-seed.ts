import { randomBytes } from 'node:crypto';
import { TestApp } from './test-app';

/**
 * Seeds the read models the workspace screens read (accounts, health, risk, tasks) straight into the test
 * database, so a test can state exactly which scores, flags and dates it expects to see back over HTTP.
 */
export const DAY_MS = 86_400_000;

/** YYYY-MM-DD of today + n UTC days. */
export function utcDay(n = 0): string {
  return new Date(Date.now() + n * DAY_MS).toISOString().slice(0, 10);
}

export async function insertAccount(
  t: TestApp,
  opts: {
    name?: string;
    owner?: string | null;
    segment?: string | null;
    mrrCents?: number;
    renewal?: string | null;
    status?: string;
  } = {},
): Promise<string> {
  const ext = `WS-${randomBytes(5).toString('hex')}`;
  const r = await t.db.query(
    `INSERT INTO accounts (external_id, name, segment, owner_id, status, mrr_cents, renewal_date, customer_since)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now() - interval '400 days') RETURNING id`,
    [
      ext,
      opts.name ?? ext,
      opts.segment ?? null,
      opts.owner ?? null,
      opts.status ?? 'ACTIVE',
      opts.mrrCents ?? 10_000,
      opts.renewal ?? null,
    ],
  );
  return r.rows[0].id as string;
}

export interface SeedFlag {
  type: string;
  evidence: string;
  since: Date;
}

export async function setHealth(
  t: TestApp,
  accountId: string,
  h: {
    score: number | null;
    band: string;
    delta7d?: number | null;
    flags?: SeedFlag[];
    components?: unknown[];
    computedAt?: Date;
  },
): Promise<void> {
  const flags = (h.flags ?? []).map((f) => ({ type: f.type, evidence: f.evidence, since: f.since.toISOString() }));
  await t.db.query(
    `INSERT INTO health_current (account_id, score, band, computed_at, scorecard_id, scorecard_version, components, flags, delta7d, direction)
     VALUES ($1, $2, $3, $4, gen_random_uuid(), 1, $5::jsonb, $6::jsonb, $7, 'FLAT')
     ON CONFLICT (account_id) DO UPDATE SET score = EXCLUDED.score, band = EXCLUDED.band, computed_at = EXCLUDED.computed_at,
       components = EXCLUDED.components, flags = EXCLUDED.flags, delta7d = EXCLUDED.delta7d`,
    [
      accountId,
      h.score,
      h.band,
      h.computedAt ?? new Date(),
      JSON.stringify(h.components ?? []),
      JSON.stringify(flags),
      h.delta7d ?? null,
    ],
  );
  for (const f of h.flags ?? []) {
    await t.db.query(
      `INSERT INTO health_flags (account_id, type, raised_at, evidence) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [accountId, f.type, f.since, f.evidence],
    );
  }
}

/** History points: [days ago, score, band]. */
export async function setHealthHistory(
  t: TestApp,
  accountId: string,
  points: Array<[number, number | null, string]>,
): Promise<void> {
  for (const [ago, score, band] of points) {
    await t.db.query(
      `INSERT INTO health_history (account_id, day, score, band, scorecard_id, scorecard_version)
       VALUES ($1, $2::date, $3, $4, gen_random_uuid(), 1)
       ON CONFLICT (account_id, day) DO UPDATE SET score = EXCLUDED.score, band = EXCLUDED.band`,
      [accountId, utcDay(-ago), score, band],
    );
  }
}

export async function setRisk(
  t: TestApp,
  accountId: string,
  probability: number,
  band: string,
  drivers: Array<{ feature: string; value: number | null; contribution: number }> = [],
): Promise<void> {
  await t.db.query(
    `INSERT INTO account_risk (account_id, probability, band, drivers, method) VALUES ($1, $2, $3, $4::jsonb, 'HEURISTIC')
     ON CONFLICT (account_id) DO UPDATE SET probability = EXCLUDED.probability, band = EXCLUDED.band, drivers = EXCLUDED.drivers, computed_at = now()`,
    [accountId, probability, band, JSON.stringify(drivers)],
  );
}

export async function insertTask(
  t: TestApp,
  accountId: string,
  assigneeId: string,
  opts: { title?: string; dueAt?: Date; status?: string; createdAt?: Date } = {},
): Promise<string> {
  const r = await t.db.query(
    `INSERT INTO tasks (account_id, title, type, due_at, status, assignee_id, created_at, completed_at, outcome)
     VALUES ($1, $2, 'CALL', $3, $4, $5, $6, CASE WHEN $4 = 'DONE' THEN now() END, CASE WHEN $4 = 'DONE' THEN 'DONE' END) RETURNING id`,
    [
      accountId,
      opts.title ?? 'Call the champion',
      opts.dueAt ?? new Date(Date.now() + DAY_MS),
      opts.status ?? 'OPEN',
      assigneeId,
      opts.createdAt ?? new Date(),
    ],
  );
  return r.rows[0].id as string;
}
