import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HealthScoreResult, scoreAccount, selectScorecard } from '../../core/health/scorecard-scoring';
import { evaluateRedFlags } from '../../core/health/red-flag-rules';
import { fromDayNumber } from '../../core/health/raw-measures';
import { buildRawMeasuresQuery, measureKey } from './health-raw.sql';
import { ScorecardsService, StoredScorecard } from './scorecards.service';

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
export const FULL_COMPUTE_CONCURRENCY = 2;

export interface ComputedRow {
  accountId: string;
  card: StoredScorecard;
  result: HealthScoreResult;
  flags: ReturnType<typeof evaluateRedFlags>;
}

/**
 * Computes health without saving: one SQL statement gathers every raw value and flag input of a set of
 * accounts (set-based, split into id ranges for a full compute), then the pure core scores each account.
 */
@Injectable()
export class HealthComputer {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scorecards: ScorecardsService,
  ) {}

  /**
   * Computes health as of `day` for the given accounts (null = every account not churned) without saving:
   * one SQL statement for every raw value and flag input, then pure scoring per account.
   */
  async compute(accountIds: string[] | null, day: string, cards?: StoredScorecard[]): Promise<ComputedRow[]> {
    const scorecards = cards ?? (await this.scorecards.listScorecards());
    if (!scorecards.length) return [];
    return (await Promise.all(this.computeParts(accountIds, day, scorecards))).flat();
  }

  /**
   * The computation in parts, one per account id range (every account: FULL_COMPUTE_RANGES, at most
   * FULL_COMPUTE_CONCURRENCY statements at once; given ids: one part), so a recompute can store one part
   * while the next is computed. Each promise is already handled (await it to see its error).
   */
  computeParts(accountIds: string[] | null, day: string, scorecards: StoredScorecard[]): Array<Promise<ComputedRow[]>> {
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
        return scoreRows(rows, scorecards, day);
      });
      part.catch(() => undefined);
      parts.push(part);
    });
    return parts;
  }
}

/** Pure scoring and flag rules over the raw measure rows of the health query. */
function scoreRows(rows: Array<Record<string, any>>, scorecards: StoredScorecard[], day: string): ComputedRow[] {
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
        .map(fromDayNumber),
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
