import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Cron } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { runExclusive } from '../../database/job-runs';
import {
  CHURNED_FOR_GRACE_DAYS,
  churnedFor,
  OUTCOME_AFTER_DAYS,
  renewalWithin,
  runOutcome,
  TriggerKind,
  triggerKey,
} from '../../core/playbooks';
import { PlaybooksService } from './playbooks.service';
import { PlaybookRow } from './playbooks.models';
import { PlaybookRunStarter } from './playbook-run-starter.service';
import { activeOverrideJoin, SHOWN_BAND_SQL } from '../../common/database/effective-band.sql';

/**
 * The daily sweep: date-driven triggers (RENEWAL_WITHIN, CHURNED_FOR), then the 90-day outcomes of runs.
 */
@Injectable()
export class PlaybookSweep {
  private readonly logger = new Logger('Playbooks');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly playbooks: PlaybooksService,
    private readonly starter: PlaybookRunStarter,
  ) {}

  /** Daily at 04:30 UTC. Safe on several instances: once-only keys and the per-account lock prevent doubles. */
  @Cron('30 4 * * *', { timeZone: 'UTC' })
  async daily(): Promise<void> {
    await this.sweep(new Date()).catch((err) => this.fail('daily sweep', err));
  }

  /**
   * The daily sweep as of `asOf`: RENEWAL_WITHIN (once per renewal date), CHURNED_FOR (once per churn, within
   * a 30-day grace after entering), then the 90-day outcomes. Returns the runs started.
   */
  async sweep(asOf: Date): Promise<number> {
    // One sweep at a time across instances (job_runs traces it); a second caller waits, then finds nothing left.
    const r = await runExclusive(this.db, 'playbook-sweep', () => this.sweepNow(asOf), { wait: true });
    return r.ran ? r.result : 0;
  }

  private async sweepNow(asOf: Date): Promise<number> {
    let started = 0;
    const today = asOf.toISOString().slice(0, 10);
    for (const pb of await this.playbooks.enabledWith(['RENEWAL_WITHIN'])) {
      const days = pb.trigger.days ?? 0;
      const rows: Array<{ id: string; rd: string }> = await this.db.query(
        `SELECT a.id, to_char(a.renewal_date, 'YYYY-MM-DD') AS rd FROM accounts a
          WHERE a.status = 'ACTIVE' AND a.renewal_date BETWEEN $1::date AND $1::date + $2::int
            AND ($3::text IS NULL OR a.segment = $3)
            AND NOT EXISTS (SELECT 1 FROM playbook_runs r WHERE r.account_id = a.id AND r.playbook_id = $4
                              AND r.trigger_key = 'renewal:' || to_char(a.renewal_date, 'YYYY-MM-DD'))
          ORDER BY a.id`,
        [today, days, pb.segment, pb.id],
      );
      for (const r of rows) {
        if (!renewalWithin(r.rd, today, days)) continue;
        started += await this.sweepAttempt(
          pb,
          r.id,
          'RENEWAL_WITHIN',
          triggerKey('RENEWAL_WITHIN', { renewalDate: r.rd }),
        );
      }
    }
    for (const pb of await this.playbooks.enabledWith(['CHURNED_FOR'])) {
      const days = pb.trigger.days ?? 0;
      const rows: Array<{ id: string; churned_at: Date }> = await this.db.query(
        `SELECT a.id, a.churned_at FROM accounts a
          WHERE a.status = 'CHURNED' AND a.churned_at <= $1::timestamptz - make_interval(days => $2::int)
            AND a.churned_at > $1::timestamptz - make_interval(days => $2::int + $3::int)
            AND ($4::text IS NULL OR a.segment = $4)
          ORDER BY a.id`,
        [asOf, days, CHURNED_FOR_GRACE_DAYS, pb.segment],
      );
      for (const r of rows) {
        if (!churnedFor(r.churned_at, asOf, days)) continue;
        started += await this.sweepAttempt(
          pb,
          r.id,
          'CHURNED_FOR',
          triggerKey('CHURNED_FOR', { churnedAt: r.churned_at }),
        );
      }
    }
    await this.decideOutcomes(asOf);
    return started;
  }

  private async sweepAttempt(
    pb: PlaybookRow,
    accountId: string,
    kind: TriggerKind,
    key: string | null,
  ): Promise<number> {
    try {
      const r = await this.starter.attempt(pb, accountId, {
        triggerKind: kind,
        key,
        note: null,
        actorId: null,
        auto: true,
      });
      return r?.run ? 1 : 0;
    } catch (err) {
      this.fail(`sweep ${kind}`, err);
      return 0;
    }
  }

  /** Runs started ≥ 90 days before asOf get their outcome; runs still open then are ended (open tasks cancelled). */
  async decideOutcomes(asOf: Date): Promise<number> {
    return this.db.transaction(async (em) => {
      // Tasks before runs, the order completeTask and closePlaybookRun lock in (no deadlock cycle with them).
      await em.query(
        `SELECT 1 FROM tasks t JOIN playbook_runs r ON r.account_id = t.account_id AND r.id = t.playbook_run_id
          WHERE t.status = 'OPEN' AND r.status <> 'SUPPRESSED' AND r.outcome IS NULL
            AND r.started_at <= $1::timestamptz - make_interval(days => $2::int)
          ORDER BY t.id FOR UPDATE OF t`,
        [asOf, OUTCOME_AFTER_DAYS],
      );
      const rows: Array<{
        account_id: string;
        id: string;
        status: string;
        account_status: string;
        band: string | null;
      }> = await em.query(
        `SELECT r.account_id, r.id, r.status, a.status AS account_status, ${SHOWN_BAND_SQL} AS band
           FROM playbook_runs r
           JOIN accounts a ON a.id = r.account_id
           LEFT JOIN health_current h ON h.account_id = r.account_id
           ${activeOverrideJoin('r.account_id')}
          WHERE r.status <> 'SUPPRESSED' AND r.outcome IS NULL AND r.started_at <= $1::timestamptz - make_interval(days => $2::int)
          FOR UPDATE OF r SKIP LOCKED`,
        [asOf, OUTCOME_AFTER_DAYS],
      );
      if (!rows.length) return 0;
      await em.query(
        `UPDATE playbook_runs r SET outcome = t.o, outcome_at = now(),
                status = 'ENDED', ended_at = COALESCE(r.ended_at, now())
           FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS t(a, i, o)
          WHERE r.account_id = t.a AND r.id = t.i`,
        [rows.map((r) => r.account_id), rows.map((r) => r.id), rows.map((r) => runOutcome(r.account_status, r.band))],
      );
      await em.query(
        `UPDATE tasks t SET status = 'CANCELLED', note = COALESCE(t.note, 'cancelled: the run ended at 90 days')
           FROM unnest($1::uuid[], $2::uuid[]) AS x(a, i)
          WHERE t.account_id = x.a AND t.playbook_run_id = x.i AND t.status = 'OPEN'`,
        [rows.map((r) => r.account_id), rows.map((r) => r.id)],
      );
      return rows.length;
    });
  }

  private fail(what: string, err: unknown): void {
    this.logger.error(`playbooks: handling ${what} failed: ${(err as Error)?.message ?? String(err)}`);
  }
}
