import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { retentionCutoff } from '../../core/signals/validate';
import { rowsOf } from '../../database/query-result';
import { recordIngestion } from '../../common/metrics/metrics.registry';
import { SignalsService } from '../signals/signals.service';
import { OutcomeCounts, SourceStatsService } from '../sources/source-stats.service';
import { RELEASE_SQL, ReleasedRow } from './segment-backlog.sql';
import { SegmentIngestService } from './segment-ingest.service';

/** How often every instance looks for unattributed events that became attributable by other means. */
const SWEEP_MS = 30_000;

/**
 * Releases unattributed events whose account appeared other than through a Segment call of the same moment: an
 * account created by `createAccount`, an import or Stripe for a `context.groupId` that was unknown, or a user
 * linked by a concurrent request while the event was being kept. Requests release what they link themselves.
 */
@Injectable()
export class SegmentBacklogService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('SegmentBacklog');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ingest: SegmentIngestService,
    private readonly signals: SignalsService,
    private readonly stats: SourceStatsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.kick(), SWEEP_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.sweep()
      .catch((err) => {
        this.log.warn(`unattributed sweep failed: ${String(err)}`);
        return 0;
      })
      .finally(() => (this.running = null));
  }

  /**
   * Daily: messageIds are forgotten a day after the signal retention horizon passes them (an event that old is
   * refused by the signal store anyway, so a re-delivery can never be stored twice).
   */
  @Cron(CronExpression.EVERY_DAY_AT_4AM)
  async forgetOldMessageIds(now = new Date()): Promise<number> {
    const cutoff = retentionCutoff(now, this.config.SIGNAL_RETENTION_MONTHS);
    const r = await this.db.query(
      `DELETE FROM segment_messages WHERE received_at < $1::timestamptz - interval '1 day'`,
      [cutoff],
    );
    return rowsOf(r).length;
  }

  /** One pass (≤ 5,000 events); returns how many were released. */
  async sweep(): Promise<number> {
    const accountIds = new Set<string>();
    const released = await this.db.transaction(async (em) => {
      const rows = rowsOf<ReleasedRow>(
        await em.query(
          RELEASE_SQL(`AND ((u.group_ref IS NOT NULL AND EXISTS (SELECT 1 FROM accounts a WHERE a.external_id = u.group_ref))
                OR (u.group_ref IS NULL AND EXISTS (SELECT 1 FROM segment_user_links l WHERE l.user_key IN (u.match_key, u.alt_match_key))))`),
        ),
      );
      const bySource = new Map<string, OutcomeCounts>();
      await this.ingest.ingestReleased(em, rows, bySource, accountIds);
      for (const [id, counts] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
        await this.stats.recordMany(id, counts, em);
        recordIngestion('segment', {
          accepted: counts.accepted ?? 0,
          duplicates: counts.duplicate ?? 0,
          rejected: counts.rejected ?? 0,
        });
      }
      return rows.length;
    });
    this.signals.notifyIngested([...accountIds]);
    return released;
  }
}
