import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Principal, bookOwnerFilter } from '../../common/auth/principal';
import { DOMAIN_EVENTS, HealthChangedEvent } from '../../common/events/domain-events';
import { runExclusive } from '../../database/job-runs';
import { HealthComputer } from './health-computer.service';
import { writeSnapshots } from './health-snapshot.writer';
import { ScorecardsService } from './scorecards.service';
import { todayUtc } from './health-days';
import { lockForTransaction } from '../../database/advisory-locks';
import { assertAccountsVisible } from '../../common/auth/account-access';

/** The full recompute: one instance at a time (advisory lock `vitals:health-full`), traced in job_runs. */
export const FULL_HEALTH_JOB = 'health-full';

/**
 * Recomputes and stores health: given accounts or all of them, one recompute at a time per instance, a full one
 * on one instance at a time; `health.changed` is emitted after commit.
 */
@Injectable()
export class HealthRecomputer {
  private recomputeQueue: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventEmitter2,
    private readonly scorecards: ScorecardsService,
    private readonly computer: HealthComputer,
  ) {}

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

  /** A full recompute unless one is running (here or on another instance): then null. */
  async recomputeAllLocked(): Promise<number | null> {
    const r = await runExclusive(this.db, FULL_HEALTH_JOB, () => this.recompute(null));
    return r.ran ? r.result : null;
  }

  /** A full recompute now; if one is running on any instance, waits for it to end, then runs (never two at once). */
  async recomputeAllWaiting(): Promise<number> {
    const r = await runExclusive(this.db, FULL_HEALTH_JOB, () => this.recompute(null), { wait: true });
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
    const ids = await assertAccountsVisible(this.db, p, accountIds, { field: 'accountIds' });
    return ids.length ? this.recompute(ids) : 0;
  }

  private async recomputeNow(accountIds: string[] | null, now: Date): Promise<number> {
    const day = todayUtc(now);
    const scorecards = await this.scorecards.listScorecards();
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
      await lockForTransaction(em, 'health-store');
      // Each chunk's JSON document (up to CHUNK rows) is expanded in memory rather than spilled to temp files.
      await em.query(`SET LOCAL work_mem = '64MB'`);
      for (const part of this.computer.computeParts(accountIds, day, scorecards)) {
        const computed = await part;
        for (let i = 0; i < computed.length; i += CHUNK)
          events.push(...(await writeSnapshots(em, computed.slice(i, i + CHUNK), day, now)));
        count += computed.length;
      }
    });
    for (const e of events) this.events.emit(DOMAIN_EVENTS.healthChanged, e);
    return count;
  }
}
