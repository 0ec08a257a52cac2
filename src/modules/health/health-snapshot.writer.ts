import { EntityManager } from 'typeorm';
import { HealthChangedEvent } from '../../common/events/domain-events';
import { healthTrend } from '../../core/health/scorecard-scoring';
import { ActiveFlag, diffFlags, RedFlagType } from '../../core/health/red-flag-rules';
import { addDays } from '../../core/health/raw-measures';
import type { ComputedRow } from './health-computer.service';

/**
 * Stores computed rows in the caller's transaction, set-based: the latest snapshot (`health_current`, with the
 * 7- and 30-day trend from history), today's history point, and the red flags raised, cleared or with new
 * evidence. Returns a `health.changed` event for each account whose band or flags changed (the caller emits them
 * after commit).
 */
export async function writeSnapshots(
  em: EntityManager,
  part: ComputedRow[],
  day: string,
  now: Date,
): Promise<HealthChangedEvent[]> {
  const ids = part.map((c) => c.accountId);
  const prevRows: Array<{ account_id: string; band: string; score: number | null }> = await em.query(
    `SELECT account_id, band, score FROM health_current WHERE account_id = ANY($1::uuid[])`,
    [ids],
  );
  const prev = new Map(prevRows.map((r) => [r.account_id, r]));
  const openFlags: Array<{ account_id: string; type: RedFlagType; raised_at: Date; evidence: string }> = await em.query(
    `SELECT account_id, type, raised_at, evidence FROM health_flags WHERE account_id = ANY($1::uuid[]) AND cleared_at IS NULL`,
    [ids],
  );
  const flagsByAccount = new Map<string, ActiveFlag[]>();
  for (const f of openFlags) {
    const list = flagsByAccount.get(f.account_id) ?? [];
    list.push({ type: f.type, evidence: f.evidence, since: f.raised_at });
    flagsByAccount.set(f.account_id, list);
  }
  const past: Array<{ account_id: string; day: string; score: number | null }> = await em.query(
    `SELECT account_id, to_char(day, 'YYYY-MM-DD') AS day, score FROM health_history
      WHERE account_id = ANY($1::uuid[]) AND day IN ($2::date - 7, $2::date - 30)`,
    [ids, day],
  );
  const pastScore = new Map(past.map((p) => [`${p.account_id}|${p.day}`, p.score]));
  const d7 = addDays(day, -7);
  const d30 = addDays(day, -30);
  const events: HealthChangedEvent[] = [];
  // The rows as one JSON document (json_to_recordset below: `json`, so the components are only validated,
  // not parsed into numerics): faster to send and parse than ten parallel arrays whose JSON elements the
  // array literal has to quote and escape.
  const cur: Array<{
    a: string;
    s: number | null;
    b: string;
    c: string;
    v: number;
    comp: unknown;
    fl: unknown;
    d7: number | null;
    d30: number | null;
    dir: string;
  }> = [];
  const raised = { acc: [] as string[], type: [] as string[], at: [] as Date[], ev: [] as string[] };
  const cleared = { acc: [] as string[], type: [] as string[] };
  const evidence = { acc: [] as string[], type: [] as string[], ev: [] as string[] };
  for (const c of part) {
    const before = flagsByAccount.get(c.accountId) ?? [];
    const diff = diffFlags(before, c.flags, now);
    const trend = healthTrend(
      c.result.score,
      pastScore.get(`${c.accountId}|${d7}`),
      pastScore.get(`${c.accountId}|${d30}`),
    );
    cur.push({
      a: c.accountId,
      s: c.result.score,
      b: c.result.band,
      c: c.card.id,
      v: c.card.version,
      // Labels are not stored: they belong to the scorecard version (currentFor adds them back).
      comp: c.result.components.map(({ label: _label, ...rest }) => rest),
      fl: diff.active,
      d7: trend.delta7d,
      d30: trend.delta30d,
      dir: trend.direction,
    });
    for (const f of diff.raised) {
      raised.acc.push(c.accountId);
      raised.type.push(f.type);
      raised.at.push(f.since);
      raised.ev.push(f.evidence);
    }
    for (const f of diff.cleared) {
      cleared.acc.push(c.accountId);
      cleared.type.push(f.type);
    }
    for (const f of diff.active) {
      if (!diff.raised.includes(f) && before.find((b) => b.type === f.type)?.evidence !== f.evidence) {
        evidence.acc.push(c.accountId);
        evidence.type.push(f.type);
        evidence.ev.push(f.evidence);
      }
    }
    const p = prev.get(c.accountId);
    if (!p || p.band !== c.result.band || diff.raised.length || diff.cleared.length) {
      events.push({
        accountId: c.accountId,
        oldBand: (p?.band as HealthChangedEvent['oldBand']) ?? null,
        newBand: c.result.band,
        oldScore: p?.score ?? null,
        newScore: c.result.score,
        raisedFlags: diff.raised.map((f) => f.type),
        clearedFlags: diff.cleared.map((f) => f.type),
        computedAt: now,
      });
    }
  }
  await em.query(
    `INSERT INTO health_current (account_id, score, band, computed_at, scorecard_id, scorecard_version, components, flags, delta7d, delta30d, direction)
     SELECT a, s, b, $2, c, v, comp, fl, d7, d30, dir
       FROM json_to_recordset($1::json)
         AS t(a uuid, s float8, b text, c uuid, v int, comp json, fl jsonb, d7 float8, d30 float8, dir text)
     ON CONFLICT (account_id) DO UPDATE SET score = EXCLUDED.score, band = EXCLUDED.band, computed_at = EXCLUDED.computed_at,
       scorecard_id = EXCLUDED.scorecard_id, scorecard_version = EXCLUDED.scorecard_version, components = EXCLUDED.components,
       flags = EXCLUDED.flags, delta7d = EXCLUDED.delta7d, delta30d = EXCLUDED.delta30d, direction = EXCLUDED.direction`,
    [JSON.stringify(cur), now],
  );
  await em.query(
    `INSERT INTO health_history (account_id, day, score, band, scorecard_id, scorecard_version, computed_at)
     SELECT a, $2::date, s, b, c, v, $3 FROM json_to_recordset($1::json) AS t(a uuid, s float8, b text, c uuid, v int)
     ON CONFLICT (account_id, day) DO UPDATE SET score = EXCLUDED.score, band = EXCLUDED.band,
       scorecard_id = EXCLUDED.scorecard_id, scorecard_version = EXCLUDED.scorecard_version, computed_at = EXCLUDED.computed_at`,
    [JSON.stringify(cur.map(({ a, s, b, c, v }) => ({ a, s, b, c, v }))), day, now],
  );
  if (cleared.acc.length) {
    await em.query(
      `UPDATE health_flags f SET cleared_at = $3 FROM unnest($1::uuid[], $2::text[]) AS t(a, ty)
        WHERE f.account_id = t.a AND f.type = t.ty AND f.cleared_at IS NULL`,
      [cleared.acc, cleared.type, now],
    );
  }
  if (raised.acc.length) {
    await em.query(
      `INSERT INTO health_flags (account_id, type, raised_at, evidence)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[]) ON CONFLICT DO NOTHING`,
      [raised.acc, raised.type, raised.at, raised.ev],
    );
  }
  if (evidence.acc.length) {
    await em.query(
      `UPDATE health_flags f SET evidence = t.ev FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(a, ty, ev)
        WHERE f.account_id = t.a AND f.type = t.ty AND f.cleared_at IS NULL AND f.evidence IS DISTINCT FROM t.ev`,
      [evidence.acc, evidence.type, evidence.ev],
    );
  }
  return events;
}
