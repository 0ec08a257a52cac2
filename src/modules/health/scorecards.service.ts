import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Principal } from '../../common/auth/principal';
import {
  DEFAULT_SCORECARD,
  MeasureDefinition,
  ScorecardDefinition,
  validateScorecard,
} from '../../core/health/scorecard-scoring';
import { rowsOf } from '../../database/query-result';
import { UUID_RE } from '../../core/ids';
import { ScorecardInput } from './models/health.model';
import { HEALTH_EVENTS, ScorecardSavedEvent } from './health.events';
import { lockForTransaction } from '../../database/advisory-locks';

export interface StoredScorecard extends ScorecardDefinition {
  id: string;
  version: number;
}

export interface ScorecardVersionLabels {
  name: string;
  measures: MeasureDefinition[];
}

/**
 * Scorecards and their versions: the default one, listing, saving a new version (validated, one writer at a
 * time), and the names and measures of past versions (kept once read: versions never change once written).
 */
@Injectable()
export class ScorecardsService {
  private readonly versionCache = new Map<string, ScorecardVersionLabels>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventEmitter2,
  ) {}

  async ensureDefaultScorecard(): Promise<void> {
    await this.db.transaction(async (em) => {
      await lockForTransaction(em, 'scorecards');
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

  /**
   * Validates and saves a scorecard as a new version; the recompute of the accounts it applies to follows
   * (`HEALTH_EVENTS.scorecardSaved`).
   */
  async upsertScorecard(input: ScorecardInput, actor: Principal): Promise<StoredScorecard> {
    const def = toDefinition(input);
    const problems = validateScorecard(def);
    if (problems.length) throw AppError.badInput(problems);
    if (input.id && !UUID_RE.test(input.id)) throw AppError.notFound('Scorecard', input.id);
    const saved = await this.db.transaction(async (em) => {
      await lockForTransaction(em, 'scorecards');
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
    const event: ScorecardSavedEvent = { scorecardId: saved.id, segment: saved.segment };
    this.events.emit(HEALTH_EVENTS.scorecardSaved, event);
    return saved;
  }

  /** The names and measures of these scorecard versions, by `id:version` (read once, then kept). */
  async versionLabels(refs: Array<{ id: string; version: number }>): Promise<Map<string, ScorecardVersionLabels>> {
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

/** A scorecard input as a definition (trimmed, thresholds defaulted), ready to validate. */
export function toDefinition(input: ScorecardInput): ScorecardDefinition {
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
