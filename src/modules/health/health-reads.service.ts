import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { HealthScoreResult, MeasureDefinition } from '../../core/health/scorecard-scoring';
import { ActiveFlag, RedFlagType } from '../../core/health/red-flag-rules';
import { addDays } from '../../core/health/raw-measures';
import { preparedRead, runPreparedRead } from '../../common/database/prepared-read';
import { ScorecardsService } from './scorecards.service';
import { todayUtc } from './health-days';
import { activeOverrideJoin } from '../../common/database/effective-band.sql';

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

/** The health of a DataLoader batch of accounts, with the active override (the account page and lists). */
export const HEALTH_CURRENT_FOR = preparedRead(
  'health_current_for',
  `SELECT h.account_id, h.score, h.band, h.computed_at, h.scorecard_id, h.scorecard_version,
          h.components::text AS components_text, h.flags, h.delta7d, h.delta30d, h.direction,
          ho.band AS o_band, ho.reason AS o_reason, ho.set_by AS o_set_by, ho.set_at AS o_set_at, ho.expires_at AS o_expires_at
     FROM health_current h
     ${activeOverrideJoin('h.account_id')}
    WHERE h.account_id = ANY($1::uuid[])`,
);

/** Reads of stored health: the latest snapshot of accounts (never recomputed per request) and daily history. */
@Injectable()
export class HealthReads {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scorecards: ScorecardsService,
  ) {}

  async currentFor(accountIds: readonly string[]): Promise<Map<string, AccountHealthView>> {
    // components as text: parsed only if a query selects them (an accounts list asks for score and band).
    const rows = await runPreparedRead(this.db, HEALTH_CURRENT_FOR, [accountIds]);
    const versions = await this.scorecards.versionLabels(
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
}

/** Stored components carry no label (older rows may): it comes from the scorecard version's measures. */
function withLabels(
  components: Array<Omit<HealthScoreResult['components'][number], 'label'> & { label?: string }>,
  measures: MeasureDefinition[],
): HealthScoreResult['components'] {
  const labels = new Map(measures.map((m) => [m.key, m.label]));
  return components.map((c) => ({ ...c, label: c.label ?? labels.get(c.key) ?? c.key }));
}
