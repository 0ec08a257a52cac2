import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BackgroundWork, SHUTDOWN_WAIT_MS } from '../../common/background/background-work';
import { AppError } from '../../common/errors/app-error';
import { addDays } from '../../core/health/raw-measures';
import { HealthComputer } from './health-computer.service';
import { HealthRecomputer } from './health-recompute.service';
import { ScorecardsService } from './scorecards.service';
import { todayUtc } from './health-days';
import { scorecardAccountIds } from './scorecard-scope.sql';

const DAY_MS = 86_400_000;

/** Daily health history rebuilt from the timestamped data as of each day (on demand, and for the demo book). */
@Injectable()
export class HealthBackfill implements OnModuleDestroy {
  private readonly logger = new Logger('Health');
  /** The demo history backfill runs here: at shutdown it stops at its next day, and the current day is waited for. */
  private readonly background = new BackgroundWork((err) =>
    this.logger.error(`demo history backfill failed: ${String(err)}`),
  );

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scorecards: ScorecardsService,
    private readonly computer: HealthComputer,
    private readonly recomputer: HealthRecomputer,
  ) {}

  /**
   * Lets a background demo backfill finish the day it is writing (at most 15 s) before the pool closes: a
   * SIGTERM soon after a first start used to cut its statements off ("Connection terminated").
   */
  async onModuleDestroy(): Promise<void> {
    if (!(await this.background.drain(SHUTDOWN_WAIT_MS)))
      this.logger.warn(`shutdown: demo history backfill still running after ${SHUTDOWN_WAIT_MS / 1000} s`);
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
    const cards = await this.scorecards.listScorecards();
    let accountIds: string[] | null = null;
    if (scorecardId) {
      const card = cards.find((c) => c.id === scorecardId);
      if (!card) throw AppError.notFound('Scorecard', scorecardId);
      const others = cards.filter((c) => c.segment !== null).map((c) => c.segment as string);
      const ids = await scorecardAccountIds(this.db, card.segment, others);
      if (!ids.length) return 0;
      accountIds = ids;
    }
    let written = 0;
    for (let d = from; d < to; d = addDays(d, 1)) {
      // Each day is written on its own; a backfill stopped here is completed by running it again.
      if (stopWhenClosing && this.background.closing) break;
      const computed = await this.computer.compute(accountIds, d, cards);
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
   * History for the last `days` days before today (demo start-up, in the background), then the current snapshot
   * again so its trend reads that history; failures are logged, not thrown. Stops between days when the service
   * shuts down.
   */
  backfillDemoHistory(days: number): Promise<void> {
    const today = todayUtc();
    return this.background.track(
      (async () => {
        await this.backfillHistory(null, addDays(today, -days), today, true);
        // The snapshot taken at start had no history to compare with (7- and 30-day changes were null until the
        // next rescan): take it again now that the history exists.
        if (!this.background.closing) await this.recomputer.recompute(null);
      })(),
    );
  }
}
