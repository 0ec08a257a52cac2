import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { Cron } from '@nestjs/schedule';
import { DataSource, EntityManager } from 'typeorm';
import { BackgroundWork, SHUTDOWN_WAIT_MS } from '../../common/background/background-work';
import { AppError } from '../../common/errors/app-error';
import { Principal, bookOwnerFilter } from '../../common/auth/principal';
import { DOMAIN_EVENTS, HealthChangedEvent } from '../../common/events/domain-events';
import {
  DEFAULT_SCORECARD,
  HealthBand,
  healthTrend,
  HealthScoreResult,
  MeasureDefinition,
  scoreAccount,
  ScorecardDefinition,
  selectScorecard,
  validateScorecard,
} from '../../core/health/scorecard-scoring';
import {
  ActiveFlag,
  diffFlags,
  evaluateRedFlags,
  RedFlagType,
  validateOverride,
} from '../../core/health/red-flag-rules';
import { buildRawMeasuresQuery, measureKey } from './health-raw.sql';
import { rowsOf } from '../../database/query-result';
import { markInterrupted, runExclusive } from '../../database/job-runs';
import { ScorecardInput } from './models/health.model';
import { UUID_RE } from '../../core/ids';
import { preparedRead, runPreparedRead } from '../../common/database/prepared-read';

const DAY_MS = 86_400_000;
/** The full recompute: one instance at a time (advisory lock `vitals:health-full`), traced in job_runs. */
const FULL_JOB = 'health-full';

/**
 * A full compute splits the accounts into FULL_COMPUTE_PARTS account id ranges (random UUIDs: equal shares),
 * computed FULL_COMPUTE_CONCURRENCY at a time: PostgreSQL cannot parallelise the ordered/DISTINCT aggregates
 * of the health query, so one statement uses one core and two use two (our smallest supported database
 * host); and with several parts, a recompute stores each part while later ones are still being computed,
 * so only the last, small part's store is not overlapped.
 */
const FULL_COMPUTE_PARTS = 8;
const FULL_COMPUTE_RANGES: ReadonlyArray<readonly [string | null, string | null]> = Array.from(
  { length: FULL_COMPUTE_PARTS },
  (_, k) => {
    const bound = (i: number) =>
      `${Math.floor((i * 2 ** 32) / FULL_COMPUTE_PARTS)
        .toString(16)
        .padStart(8, '0')}-0000-0000-0000-000000000000`;
    return [k === 0 ? null : bound(k), k === FULL_COMPUTE_PARTS - 1 ? null : bound(k + 1)] as const;
  },
);
const FULL_COMPUTE_CONCURRENCY = 2;

export interface StoredScorecard extends ScorecardDefinition {
  id: string;
  version: number;
}

export interface AccountHealthView {
  accountId: string;
  score: number | null;
  band: string;
  computedBand: string;
  computedAt: Date;
  scorecard: { id: string; name: string; version: number };
  components: HealthScoreResult['components'];
  trend: { delta7d: number | null; delta30d: number | null; direction: 'UP' | 'DOWN' | 'FLAT' };
  flags: ActiveFlag[];
  override: { band: string; reason: string; setById: string | null; setAt: Date; expiresAt: Date } | null;
}

interface ComputedRow {
  accountId: string;
  card: StoredScorecard;
  result: HealthScoreResult;
  flags: ReturnType<typeof evaluateRedFlags>;
}

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The health engine: scorecards, set-based recomputation (one SQL pass gathers every raw value, the pure
 * core scores), history, red flags and overrides. Recomputes are triggered by domain events (debounced),
 * nightly, on scorecard saves, and on demand.
 */
/** The health of a DataLoader batch of accounts, with the active override (the account page and lists). */
export const HEALTH_CURRENT_FOR = preparedRead(
  'health_current_for',
  `SELECT h.account_id, h.score, h.band, h.computed_at, h.scorecard_id, h.scorecard_version,
          h.components::text AS components_text, h.flags, h.delta7d, h.delta30d, h.direction,
          o.band AS o_band, o.reason AS o_reason, o.set_by AS o_set_by, o.set_at AS o_set_at, o.expires_at AS o_expires_at
     FROM health_current h
     LEFT JOIN health_overrides o ON o.account_id = h.account_id AND o.cleared_at IS NULL AND o.expires_at > now()
    WHERE h.account_id = ANY($1::uuid[])`,
);

@Injectable()
export class HealthService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Health');
  private debounce: NodeJS.Timeout | null = null;
  private poller: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private recomputeQueue: Promise<void> = Promise.resolve();
  private readonly debounceMs = Number(process.env.HEALTH_DEBOUNCE_MS ?? 1500);
  private readonly versionCache = new Map<string, { name: string; measures: MeasureDefinition[] }>();
  /** The demo history backfill runs here: at shutdown it stops at its next day, and the current day is waited for. */
  private readonly background = new BackgroundWork((err) =>
    this.logger.error(`demo history backfill failed: ${String(err)}`),
  );

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventEmitter2,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureDefaultScorecard();
    // Dirty accounts left by another instance or a crash are picked up within seconds.
    this.poller = setInterval(() => void this.drainDirty(), Math.max(5000, this.debounceMs * 4));
    this.poller.unref();
    // A full recompute interrupted by a crash (its job_runs row still RUNNING, nobody holding the lock) resumes now.
    void markInterrupted(this.db, FULL_JOB)
      .then((n) => {
        if (n) {
          this.logger.warn(`resuming a full health recompute interrupted by a stopped instance`);
          this.kickFullRecompute(null);
        }
      })
      .catch((err) => this.logger.warn(`could not check interrupted health recomputes: ${String(err)}`));
  }

  /**
   * Stops the timers, and lets a background demo backfill finish the day it is writing (at most 15 s) before
   * the pool closes: a SIGTERM soon after a first start used to cut its statements off ("Connection terminated").
   */
  async onModuleDestroy(): Promise<void> {
    if (this.debounce) clearTimeout(this.debounce);
    if (this.poller) clearInterval(this.poller);
    if (!(await this.background.drain(SHUTDOWN_WAIT_MS)))
      this.logger.warn(`shutdown: demo history backfill still running after ${SHUTDOWN_WAIT_MS / 1000} s`);
  }

  // ---------- scorecards ----------

  async ensureDefaultScorecard(): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('vitals:scorecards'))`);
      const found = await em.query(`SELECT 1 FROM scorecards WHERE segment IS NULL`);
      if (found.length) return;
      await this.insertVersion(em, null, DEFAULT_SCORECARD, null);
    });
  }

  async listScorecards(): Promise<StoredScorecard[]> {
    const rows = await this.db.query(
      `SELECT s.id, s.segment, v.version, v.name, v.measures, v.red_below, v.green_at_or_above, v.min_coverage
         FROM scorecards s JOIN scorecard_versions v ON v.scorecard_id = s.id AND v.version = s.current_version
        ORDER BY s.segment NULLS FIRST, s.id`,
    );
    return rows.map(mapScorecard);
  }

  async getScorecardVersion(id: string, version: number): Promise<StoredScorecard | null> {
    const rows = await this.db.query(
      `SELECT s.id, s.segment, v.version, v.name, v.measures, v.red_below, v.green_at_or_above, v.min_coverage
         FROM scorecards s JOIN scorecard_versions v ON v.scorecard_id = s.id AND v.version = $2 WHERE s.id = $1`,
      [id, version],
    );
    return rows[0] ? mapScorecard(rows[0]) : null;
  }

  /** Validates and saves a scorecard as a new version, then recomputes the accounts it applies to. */
  async upsertScorecard(input: ScorecardInput, actor: Principal): Promise<StoredScorecard> {
    const def = toDefinition(input);
    const problems = validateScorecard(def);
    if (problems.length) throw AppError.badInput(problems);
    if (input.id && !UUID_RE.test(input.id)) throw AppError.notFound('Scorecard', input.id);
    const saved = await this.db.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('vitals:scorecards'))`);
      let id: string | null;
      if (input.id) {
        const rows = await em.query(`SELECT id FROM scorecards WHERE id = $1`, [input.id]);
        if (!rows.length) throw AppError.notFound('Scorecard', input.id);
        id = rows[0].id;
        const clash = await em.query(
          `SELECT id FROM scorecards WHERE COALESCE(segment, '') = COALESCE($1, '') AND id <> $2`,
          [def.segment, id],
        );
        if (clash.length)
          throw AppError.conflict(
            `Another scorecard already applies to segment ${def.segment ?? '(default)'}`,
            'segment',
          );
        const current = await em.query(`SELECT segment FROM scorecards WHERE id = $1`, [id]);
        if (current[0].segment === null && def.segment !== null)
          throw AppError.badInput('segment', 'the default scorecard cannot be given a segment');
      } else {
        const same = await em.query(`SELECT id FROM scorecards WHERE COALESCE(segment, '') = COALESCE($1, '')`, [
          def.segment,
        ]);
        id = same[0]?.id ?? null;
      }
      return this.insertVersion(em, id, def, actor.userId);
    });
    this.kickFullRecompute(saved.segment);
    return saved;
  }

  private async insertVersion(
    em: EntityManager,
    id: string | null,
    def: ScorecardDefinition,
    actorId: string | null,
  ): Promise<StoredScorecard> {
    let scorecardId = id;
    let version = 1;
    if (!scorecardId) {
      const [row] = await em.query(`INSERT INTO scorecards (segment) VALUES ($1) RETURNING id`, [def.segment]);
      scorecardId = row.id as string;
    } else {
      const [row] = rowsOf<{ current_version: number }>(
        await em.query(
          `UPDATE scorecards SET current_version = current_version + 1, segment = $2 WHERE id = $1 RETURNING current_version`,
          [scorecardId, def.segment],
        ),
      );
      version = row.current_version;
    }
    await em.query(
      `INSERT INTO scorecard_versions (scorecard_id, version, name, measures, red_below, green_at_or_above, min_coverage, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        scorecardId,
        version,
        def.name,
        JSON.stringify(def.measures),
        def.redBelow,
        def.greenAtOrAbove,
        def.minCoverage,
        actorId,
      ],
    );
    return { ...def, id: scorecardId, version };
  }

  // ---------- computing ----------

  /**
   * Computes health as of `day` for the given accounts (null = every account not churned) without saving:
   * one SQL statement for every raw value and flag input, then pure scoring per account.
   */
  async compute(accountIds: string[] | null, day: string, cards?: StoredScorecard[]): Promise<ComputedRow[]> {
    const scorecards = cards ?? (await this.listScorecards());
    if (!scorecards.length) return [];
    return (await Promise.all(this.computeParts(accountIds, day, scorecards))).flat();
  }

  /**
   * The computation in parts, one per account id range (every account: FULL_COMPUTE_RANGES, at most
   * FULL_COMPUTE_CONCURRENCY statements at once; given ids: one part), so a recompute can store one part
   * while the next is computed. Each promise is already handled (await it to see its error).
   */
  private computeParts(
    accountIds: string[] | null,
    day: string,
    scorecards: StoredScorecard[],
  ): Array<Promise<ComputedRow[]>> {
    const { sql } = buildRawMeasuresQuery(scorecards.flatMap((c) => c.measures));
    const ranges = accountIds === null ? FULL_COMPUTE_RANGES : [[null, null] as const];
    const parts: Array<Promise<ComputedRow[]>> = [];
    ranges.forEach(([from, to], i) => {
      const turn =
        i < FULL_COMPUTE_CONCURRENCY
          ? Promise.resolve()
          : parts[i - FULL_COMPUTE_CONCURRENCY].then(
              () => undefined,
              () => undefined,
            );
      const part = turn.then(async () => {
        const rows = await this.db.transaction(async (em) => {
          // The parts already use the cores between them: parallel workers inside each would only make every
          // part scan all rollups (a parallel seq scan) instead of its own id range through the primary key.
          await em.query(`SET LOCAL max_parallel_workers_per_gather = 0`);
          return em.query(sql, [day, accountIds, from, to]);
        });
        return this.scoreRows(rows, scorecards, day);
      });
      part.catch(() => undefined);
      parts.push(part);
    });
    return parts;
  }

  /** Pure scoring and flag rules over the raw measure rows of the health query. */
  private scoreRows(rows: Array<Record<string, any>>, scorecards: StoredScorecard[], day: string): ComputedRow[] {
    const out: ComputedRow[] = [];
    for (const r of rows) {
      const card = selectScorecard(scorecards, r.segment);
      if (!card) continue;
      const raw: Record<string, number | null> = {};
      for (const m of card.measures) {
        const v = r[measureKey(m)];
        raw[m.key] = v === null || v === undefined ? null : Number(v);
      }
      const result = scoreAccount(card, raw);
      const flags = evaluateRedFlags({
        asOfDay: day,
        activeDays30: Number(r.f_active_30),
        activeDaysPrev60: Number(r.f_active_prev_60),
        // Epoch day numbers (any order) → the 12 latest as 'YYYY-MM-DD', newest first.
        recentActiveDays: ((r.f_recent_active_days ?? []) as number[])
          .sort((a, b) => b - a)
          .slice(0, 12)
          .map((n) => new Date(n * DAY_MS).toISOString().slice(0, 10)),
        customerSince: r.customer_since,
        emailsIgnoredSinceOpen: Number(r.f_emails_ignored_since_open),
        negativeTickets30: Number(r.f_negative_tickets_30),
        paymentFailures30: Number(r.f_payment_failed_30),
        contraction90: Boolean(r.f_contraction_90),
        latestNps: r.f_latest_nps === null || r.f_latest_nps === undefined ? null : Number(r.f_latest_nps),
        renewalDate: r.renewal_date,
        band: result.band,
      });
      out.push({ accountId: r.account_id, card, result, flags });
    }
    return out;
  }

  /**
   * Recomputes and stores the latest snapshot, today's history point and the flags of the given accounts
   * (null = all not churned); emits `health.changed` for accounts whose band or flags changed.
   * Returns the number of accounts computed.
   */
  async recompute(accountIds: string[] | null, now = new Date()): Promise<number> {
    // One recompute at a time per instance: each holds its transaction's connection while its parts take up
    // to FULL_COMPUTE_CONCURRENCY more, so queued recomputes waiting for the store lock inside their own
    // transactions could otherwise hold every pooled connection and starve the one running (a deadlock).
    // Across instances the advisory lock below serialises them; each instance has its own pool.
    const run = this.recomputeQueue.then(() => this.recomputeNow(accountIds, now));
    this.recomputeQueue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async recomputeNow(accountIds: string[] | null, now: Date): Promise<number> {
    const day = todayUtc(now);
    const scorecards = await this.listScorecards();
    if (!scorecards.length) return 0;
    const events: HealthChangedEvent[] = [];
    const CHUNK = 20_000;
    let count = 0;
    // The transaction is open while the parts are computed on other connections: each part is stored as soon
    // as it is ready, overlapping the store of one with the computation of the next; all or nothing commits.
    await this.db.transaction(async (em) => {
      // Full recomputes only (the nightly/bulk run; not the dirty-queue drains, whose queue rows are already
      // deleted): the commit does not wait for the WAL flush. A crash just after it can lose this
      // recompute's writes (never corrupt anything); they are derived data, and the next full recompute
      // (nightly, or the next scorecard save / recomputeHealth) writes them again.
      if (accountIds === null) await em.query(`SET LOCAL synchronous_commit = off`);
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('vitals:health-store'))`);
      // Each chunk's JSON document (up to CHUNK rows) is expanded in memory rather than spilled to temp files.
      await em.query(`SET LOCAL work_mem = '64MB'`);
      for (const part of this.computeParts(accountIds, day, scorecards)) {
        const computed = await part;
        for (let i = 0; i < computed.length; i += CHUNK)
          events.push(...(await this.store(em, computed.slice(i, i + CHUNK), day, now)));
        count += computed.length;
      }
    });
    for (const e of events) this.events.emit(DOMAIN_EVENTS.healthChanged, e);
    return count;
  }

  private async store(em: EntityManager, part: ComputedRow[], day: string, now: Date): Promise<HealthChangedEvent[]> {
    const ids = part.map((c) => c.accountId);
    const prevRows: Array<{ account_id: string; band: string; score: number | null }> = await em.query(
      `SELECT account_id, band, score FROM health_current WHERE account_id = ANY($1::uuid[])`,
      [ids],
    );
    const prev = new Map(prevRows.map((r) => [r.account_id, r]));
    const openFlags: Array<{ account_id: string; type: RedFlagType; raised_at: Date; evidence: string }> =
      await em.query(
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

  /**
   * Rebuilds daily history for [from, to) from the timestamped data as of each day (rollups, feedback,
   * ledger), with the current scorecards, or only for accounts of the given scorecard's segment.
   * Returns the number of history points written.
   */
  async backfillHistory(
    scorecardId: string | null,
    from: string,
    to: string,
    stopWhenClosing = false,
  ): Promise<number> {
    const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
    if (!(days > 0)) throw AppError.badInput('to', 'must be after from');
    if (days > 731) throw AppError.badInput('to', 'at most 731 days per backfill');
    if (to > addDays(todayUtc(), 1)) throw AppError.badInput('to', 'must not be in the future');
    const cards = await this.listScorecards();
    let accountIds: string[] | null = null;
    if (scorecardId) {
      const card = cards.find((c) => c.id === scorecardId);
      if (!card) throw AppError.notFound('Scorecard', scorecardId);
      const others = cards.filter((c) => c.segment !== null).map((c) => c.segment);
      const rows =
        card.segment === null
          ? await this.db.query(
              `SELECT id FROM accounts WHERE status <> 'CHURNED' AND (segment IS NULL OR NOT (segment = ANY($1::text[])))`,
              [others],
            )
          : await this.db.query(`SELECT id FROM accounts WHERE status <> 'CHURNED' AND segment = $1`, [card.segment]);
      const ids: string[] = rows.map((r: { id: string }) => r.id);
      if (!ids.length) return 0;
      accountIds = ids;
    }
    let written = 0;
    for (let d = from; d < to; d = addDays(d, 1)) {
      // Each day is written on its own; a backfill stopped here is completed by running it again.
      if (stopWhenClosing && this.background.closing) break;
      const computed = await this.compute(accountIds, d, cards);
      if (!computed.length) continue;
      await this.db.query(
        `INSERT INTO health_history (account_id, day, score, band, scorecard_id, scorecard_version)
         SELECT a, $6::date, s, b, c, v FROM unnest($1::uuid[], $2::float8[], $3::text[], $4::uuid[], $5::int[]) AS t(a, s, b, c, v)
         ON CONFLICT (account_id, day) DO UPDATE SET score = EXCLUDED.score, band = EXCLUDED.band,
           scorecard_id = EXCLUDED.scorecard_id, scorecard_version = EXCLUDED.scorecard_version, computed_at = now()`,
        [
          computed.map((c) => c.accountId),
          computed.map((c) => c.result.score),
          computed.map((c) => c.result.band),
          computed.map((c) => c.card.id),
          computed.map((c) => c.card.version),
          d,
        ],
      );
      written += computed.length;
    }
    return written;
  }

  /**
   * History for the last `days` days before today (demo start-up, in the background); failures are logged, not
   * thrown. Stops between days when the service shuts down.
   */
  backfillDemoHistory(days: number): Promise<void> {
    const today = todayUtc();
    return this.background.track(this.backfillHistory(null, addDays(today, -days), today, true));
  }

  // ---------- reading ----------

  async currentFor(accountIds: readonly string[]): Promise<Map<string, AccountHealthView>> {
    // components as text: parsed only if a query selects them (an accounts list asks for score and band).
    const rows = await runPreparedRead(this.db, HEALTH_CURRENT_FOR, [accountIds]);
    const versions = await this.scorecardVersions(
      rows.map((r: any) => ({ id: r.scorecard_id as string, version: r.scorecard_version as number })),
    );
    const out = new Map<string, AccountHealthView>();
    for (const r of rows) {
      const card = versions.get(`${r.scorecard_id}:${r.scorecard_version}`);
      let components: HealthScoreResult['components'] | null = null;
      out.set(r.account_id, {
        accountId: r.account_id,
        score: r.score,
        band: r.o_band ?? r.band,
        computedBand: r.band,
        computedAt: r.computed_at,
        scorecard: { id: r.scorecard_id, name: card?.name ?? '', version: r.scorecard_version },
        get components() {
          return (components ??= withLabels(JSON.parse(r.components_text), card?.measures ?? []));
        },
        trend: { delta7d: r.delta7d, delta30d: r.delta30d, direction: r.direction },
        flags: (r.flags as Array<{ type: RedFlagType; evidence: string; since: string }>).map((f) => ({
          ...f,
          since: new Date(f.since),
        })),
        override: r.o_band
          ? { band: r.o_band, reason: r.o_reason, setById: r.o_set_by, setAt: r.o_set_at, expiresAt: r.o_expires_at }
          : null,
      });
    }
    return out;
  }

  /** Scorecard versions are never changed once written, so their names and measures are kept once read. */
  private async scorecardVersions(
    refs: Array<{ id: string; version: number }>,
  ): Promise<Map<string, { name: string; measures: MeasureDefinition[] }>> {
    const missing = [...new Map(refs.map((r) => [`${r.id}:${r.version}`, r])).entries()]
      .filter(([k]) => !this.versionCache.has(k))
      .map(([, r]) => r);
    if (missing.length) {
      const rows = await this.db.query(
        `SELECT v.scorecard_id, v.version, v.name, v.measures FROM scorecard_versions v
           JOIN unnest($1::uuid[], $2::int[]) AS k(id, version) ON v.scorecard_id = k.id AND v.version = k.version`,
        [missing.map((r) => r.id), missing.map((r) => r.version)],
      );
      for (const r of rows)
        this.versionCache.set(`${r.scorecard_id}:${r.version}`, { name: r.name, measures: r.measures });
    }
    return this.versionCache;
  }

  async history(
    accountId: string,
    from: string | null | undefined,
    to: string | null | undefined,
  ): Promise<Array<{ day: string; score: number | null; band: string }>> {
    const end = to ?? addDays(todayUtc(), 1);
    const start = from ?? addDays(end, -90);
    if (start >= end) throw AppError.badInput('to', 'must be after from');
    return this.db.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, score, band FROM health_history
        WHERE account_id = $1 AND day >= $2::date AND day < $3::date ORDER BY day`,
      [accountId, start, end],
    );
  }

  /** What-if: scores the given accounts with an unsaved scorecard, as of today. Nothing is stored. */
  async preview(input: ScorecardInput, accountIds: string[], p: Principal): Promise<AccountHealthView[]> {
    const def = toDefinition(input);
    const problems = validateScorecard(def);
    if (problems.length) throw AppError.badInput(problems);
    if (accountIds.length > 500) throw AppError.badInput('accountIds', 'at most 500 accounts per preview');
    const owner = bookOwnerFilter(p);
    const visible: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM accounts WHERE id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR owner_id = $2)`,
      [accountIds.filter((id) => UUID_RE.test(id)), owner],
    );
    const missing = accountIds.filter((id) => !visible.some((v) => v.id === id));
    if (missing.length) throw AppError.notFound('Account', missing[0]);
    const card: StoredScorecard = {
      ...def,
      segment: null,
      id: input.id ?? '00000000-0000-0000-0000-000000000000',
      version: 0,
    };
    const day = todayUtc();
    const computed = await this.compute(
      visible.map((v) => v.id),
      day,
      [card],
    );
    const now = new Date();
    return computed.map((c) => ({
      accountId: c.accountId,
      score: c.result.score,
      band: c.result.band,
      computedBand: c.result.band,
      computedAt: now,
      scorecard: { id: card.id, name: card.name, version: 0 },
      components: c.result.components,
      trend: { delta7d: null, delta30d: null, direction: 'FLAT' as const },
      flags: c.flags.map((f) => ({ ...f, since: now })),
      override: null,
    }));
  }

  // ---------- overrides ----------

  async setOverride(p: Principal, accountId: string, band: string, reason: string, expiresAt: Date) {
    const now = new Date();
    const problems = validateOverride(reason, expiresAt, now);
    if (problems.length) throw AppError.badInput(problems);
    await this.assertVisible(p, accountId);
    return this.db.transaction(async (em) => {
      await em.query(`SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE`, [accountId]);
      await em.query(
        `UPDATE health_overrides SET cleared_at = now(), cleared_by = $2 WHERE account_id = $1 AND cleared_at IS NULL`,
        [accountId, p.userId],
      );
      const [row] = await em.query(
        `INSERT INTO health_overrides (account_id, band, reason, set_by, expires_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING band, reason, set_by, set_at, expires_at`,
        [accountId, band, reason.trim(), p.userId, expiresAt],
      );
      return { band: row.band, reason: row.reason, setById: row.set_by, setAt: row.set_at, expiresAt: row.expires_at };
    });
  }

  async clearOverride(p: Principal, accountId: string): Promise<boolean> {
    await this.assertVisible(p, accountId);
    const res = await this.db.query(
      `UPDATE health_overrides SET cleared_at = now(), cleared_by = $2 WHERE account_id = $1 AND cleared_at IS NULL RETURNING 1`,
      [accountId, p.userId],
    );
    return rowsOf(res).length > 0;
  }

  private async assertVisible(p: Principal, accountId: string): Promise<void> {
    const owner = bookOwnerFilter(p);
    const rows = UUID_RE.test(accountId)
      ? await this.db.query(`SELECT 1 FROM accounts WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2)`, [
          accountId,
          owner,
        ])
      : [];
    if (!rows.length)
      throw new AppError(AppError.notFound('Account', accountId).code, `Account ${accountId} not found`, [
        { field: 'accountId', message: 'no such account' },
      ]);
  }

  // ---------- triggers ----------

  @OnEvent(DOMAIN_EVENTS.signalsIngested)
  @OnEvent(DOMAIN_EVENTS.mrrChanged)
  async onAccountsChanged(event: { accountIds: string[] }): Promise<void> {
    await this.markDirty(event.accountIds);
  }

  @OnEvent(DOMAIN_EVENTS.feedbackRecorded)
  async onFeedback(event: { accountId: string }): Promise<void> {
    await this.markDirty([event.accountId]);
  }

  @OnEvent(DOMAIN_EVENTS.accountCreated)
  async onCreated(event: { accountId: string }): Promise<void> {
    await this.markDirty([event.accountId]);
  }

  /** Marks accounts for the debounced rescan (kept in PostgreSQL so any instance can pick them up). */
  async markDirty(accountIds: string[]): Promise<void> {
    const ids = [...new Set(accountIds)].filter((id) => UUID_RE.test(id));
    if (!ids.length) return;
    try {
      await this.db.query(
        `INSERT INTO health_dirty (account_id) SELECT unnest($1::uuid[]) ON CONFLICT (account_id) DO UPDATE SET marked_at = now()`,
        [ids],
      );
    } catch (err) {
      this.logger.error(`could not mark accounts dirty: ${String(err)}`);
      return;
    }
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.drainDirty(), this.debounceMs);
    this.debounce.unref();
  }

  /**
   * Takes the dirty accounts and recomputes them. The claim is a row lock held until the recompute is stored
   * (SKIP LOCKED, so instances never share work): if the instance dies half-way the rows stay dirty and the
   * next pass, here or on another instance, does them; a marking during the recompute waits and stays dirty.
   */
  async drainDirty(): Promise<void> {
    if (this.draining) return this.draining;
    this.draining = (async () => {
      const qr = this.db.createQueryRunner();
      try {
        await qr.connect();
        for (;;) {
          await qr.startTransaction();
          try {
            const rows = rowsOf<{ account_id: string }>(
              await qr.query(
                `SELECT account_id FROM health_dirty ORDER BY marked_at LIMIT 5000 FOR UPDATE SKIP LOCKED`,
              ),
            );
            if (!rows.length) {
              await qr.commitTransaction();
              break;
            }
            const ids = rows.map((r) => r.account_id);
            await this.recompute(ids);
            await qr.query(`DELETE FROM health_dirty WHERE account_id = ANY($1::uuid[])`, [ids]);
            await qr.commitTransaction();
          } catch (err) {
            // Rolled back: the claimed accounts stay dirty, the next pass retries; nothing is lost.
            await qr.rollbackTransaction().catch(() => undefined);
            throw err;
          }
        }
      } catch (err) {
        this.logger.error(`health rescan failed: ${String(err)}`);
      } finally {
        await qr.release().catch(() => undefined);
        this.draining = null;
      }
    })();
    return this.draining;
  }

  /**
   * A full recompute after a scorecard save, in the background. If a full recompute is already running
   * (here or on another instance) it may have read the old scorecard, so this one waits and runs after it.
   */
  private kickFullRecompute(_segment: string | null): void {
    const attempt = async (n: number): Promise<void> => {
      const done = await this.recomputeAllLocked();
      if (done === null && n < 120)
        setTimeout(() => void attempt(n + 1).catch((err) => this.logger.error(String(err))), 500).unref();
    };
    setTimeout(
      () => void attempt(0).catch((err) => this.logger.error(`recompute after scorecard save failed: ${String(err)}`)),
      10,
    ).unref();
  }

  /** Nightly full recompute at 02:00 UTC; an advisory lock keeps two instances from running it at once. */
  @Cron('0 2 * * *', { timeZone: 'UTC' })
  async nightly(): Promise<void> {
    await this.recomputeAllLocked().catch((err) =>
      this.logger.error(`nightly health recompute failed: ${String(err)}`),
    );
  }

  /** A full recompute unless one is running (here or on another instance): then null. */
  async recomputeAllLocked(): Promise<number | null> {
    const r = await runExclusive(this.db, FULL_JOB, () => this.recompute(null));
    return r.ran ? r.result : null;
  }

  /** A full recompute now; if one is running on any instance, waits for it to end, then runs (never two at once). */
  async recomputeAllWaiting(): Promise<number> {
    const r = await runExclusive(this.db, FULL_JOB, () => this.recompute(null), { wait: true });
    if (!r.ran) throw new Error('a full health recompute is still running elsewhere after 30 minutes');
    return r.result;
  }

  /** For `recomputeHealth`: only accounts the caller can see. */
  async recomputeForCaller(p: Principal, accountIds: string[] | null | undefined): Promise<number> {
    const owner = bookOwnerFilter(p);
    if (!accountIds) {
      if (owner) {
        const rows = await this.db.query(`SELECT id FROM accounts WHERE owner_id = $1 AND status <> 'CHURNED'`, [
          owner,
        ]);
        return this.recompute(rows.map((r: { id: string }) => r.id));
      }
      return this.recomputeAllWaiting();
    }
    if (accountIds.length > 10000) throw AppError.badInput('accountIds', 'at most 10,000 accounts per call');
    const valid = accountIds.filter((id) => UUID_RE.test(id));
    const rows = await this.db.query(
      `SELECT id FROM accounts WHERE id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR owner_id = $2)`,
      [valid, owner],
    );
    if (rows.length !== accountIds.length) {
      const seen = new Set(rows.map((r: { id: string }) => r.id));
      throw AppError.notFound(
        'Account',
        accountIds.find((id) => !seen.has(id)),
      );
    }
    return rows.length ? this.recompute(rows.map((r: { id: string }) => r.id)) : 0;
  }
}

/** Stored components carry no label (older rows may): it comes from the scorecard version's measures. */
function withLabels(
  components: Array<Omit<HealthScoreResult['components'][number], 'label'> & { label?: string }>,
  measures: MeasureDefinition[],
): HealthScoreResult['components'] {
  const labels = new Map(measures.map((m) => [m.key, m.label]));
  return components.map((c) => ({ ...c, label: c.label ?? labels.get(c.key) ?? c.key }));
}

function mapScorecard(r: any): StoredScorecard {
  return {
    id: r.id,
    segment: r.segment,
    version: r.version,
    name: r.name,
    measures: r.measures as MeasureDefinition[],
    redBelow: r.red_below,
    greenAtOrAbove: r.green_at_or_above,
    minCoverage: r.min_coverage,
  };
}

function toDefinition(input: ScorecardInput): ScorecardDefinition {
  return {
    name: input.name?.trim(),
    segment: input.segment?.trim() || null,
    redBelow: input.redBelow ?? 40,
    greenAtOrAbove: input.greenAtOrAbove ?? 70,
    minCoverage: input.minCoverage ?? 0.5,
    measures: input.measures.map((m) => ({
      key: m.key,
      label: m.label.trim(),
      metric: m.metric as MeasureDefinition['metric'],
      signalType: m.signalType ?? null,
      windowDays: m.windowDays ?? null,
      weight: m.weight,
      points: m.points.map((p) => ({ value: p.value, score: p.score })),
    })),
  };
}

export type { HealthBand };
