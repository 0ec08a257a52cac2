import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DEFAULT_OWNER_EMAIL_TRAIT, DEFAULT_SEGMENT_TRAIT } from '../sources/sources.service';
import type { SqlRunner } from '../sources/source-stats.service';
import { AppError } from '../../common/errors/app-error';
import { UUID_RE } from '../../core/ids';
import { EventMapping, effectiveMappings, eventKey, mappingProblem } from '../../core/segment/event-mapping';
import { rowsOf } from '../../database/query-result';
import { SegmentEventMappingInput } from './segment.models';

export interface EffectiveMapping extends EventMapping {
  eventKey: string;
  isDefault: boolean;
}

/** What a Segment request needs of its source, read inside its transaction (see `stateWithin`). */
export interface SegmentSourceState {
  segmentTrait: string;
  ownerEmailTrait: string;
  table: ReturnType<typeof effectiveMappings>;
}

/**
 * One statement: is the source still active, its trait settings, and the version of its own mappings (their
 * number and newest change: any set or remove changes one of them).
 */
const SOURCE_STATE_SQL = `
SELECT s.segment_trait, s.owner_email_trait, m.n, m.at::text AS at
  FROM sources s
 CROSS JOIN LATERAL (SELECT count(*)::int AS n, max(updated_at) AS at FROM segment_event_mappings WHERE source_id = s.id) m
 WHERE s.id = $1 AND s.revoked_at IS NULL`;

/** A source's event name → signal type table: its own rows over the built-in defaults (src/core/segment). */
@Injectable()
export class SegmentMappingsService {
  /** Per source, its effective table as of a version of its rows (per instance; checked by each request). */
  private readonly tables = new Map<string, { version: string; table: ReturnType<typeof effectiveMappings> }>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The source's state for a request, in the request's transaction: null when the source was revoked (by any
   * instance: the key must be refused at once); else its settings and mapping table. The table is cached per
   * instance and re-read only when the version read here differs (a rule set on another instance applies to the
   * next request here): one statement per request instead of the key lookup and the table.
   */
  async stateWithin(em: SqlRunner, sourceId: string): Promise<SegmentSourceState | null> {
    const [row] = rowsOf<{
      segment_trait: string | null;
      owner_email_trait: string | null;
      n: number;
      at: string | null;
    }>(await em.query(SOURCE_STATE_SQL, [sourceId]));
    if (!row) {
      this.tables.delete(sourceId);
      return null;
    }
    const version = `${row.n}:${row.at ?? ''}`;
    let cached = this.tables.get(sourceId);
    if (!cached || cached.version !== version) {
      cached = { version, table: effectiveMappings(await this.ownMappings(sourceId, em)) };
      this.tables.set(sourceId, cached);
    }
    return {
      segmentTrait: row.segment_trait ?? DEFAULT_SEGMENT_TRAIT,
      ownerEmailTrait: row.owner_email_trait ?? DEFAULT_OWNER_EMAIL_TRAIT,
      table: cached.table,
    };
  }

  async ownMappings(sourceId: string, runner: SqlRunner = this.db): Promise<EventMapping[]> {
    const rows: Array<Record<string, string | null>> = await runner.query(
      `SELECT event_name, signal_type, feature_property, feature, quantity_property
         FROM segment_event_mappings WHERE source_id = $1`,
      [sourceId],
    );
    return rows.map((r) => ({
      eventName: r.event_name!,
      signalType: r.signal_type!,
      featureProperty: r.feature_property,
      feature: r.feature,
      quantityProperty: r.quantity_property,
    }));
  }

  /** The effective table of a SEGMENT source, sorted by event name. */
  async effective(sourceId: string): Promise<EffectiveMapping[]> {
    await this.assertSegmentSource(sourceId);
    const table = effectiveMappings(await this.ownMappings(sourceId));
    return [...table.entries()]
      .map(([key, m]) => ({ ...m, eventKey: key }))
      .sort((a, b) => a.eventName.localeCompare(b.eventName));
  }

  /** Sets the rule for one event name (replacing a default or an earlier rule); one transaction. */
  async set(sourceId: string, input: SegmentEventMappingInput): Promise<EffectiveMapping[]> {
    await this.assertSegmentSource(sourceId);
    const m: EventMapping = {
      eventName: input.eventName.trim(),
      signalType: input.signalType,
      featureProperty: input.featureProperty ?? null,
      feature: input.feature ?? null,
      quantityProperty: input.quantityProperty ?? null,
    };
    const problem = mappingProblem(m);
    if (problem) throw AppError.badInput(problem.split(':')[0], problem);
    await this.db.query(
      `INSERT INTO segment_event_mappings AS m (source_id, event_key, event_name, signal_type, feature_property, feature, quantity_property)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (source_id, event_key) DO UPDATE SET event_name = EXCLUDED.event_name, signal_type = EXCLUDED.signal_type,
         feature_property = EXCLUDED.feature_property, feature = EXCLUDED.feature,
         quantity_property = EXCLUDED.quantity_property, updated_at = now()`,
      [sourceId, eventKey(m.eventName), m.eventName, m.signalType, m.featureProperty, m.feature, m.quantityProperty],
    );
    this.tables.delete(sourceId);
    return this.effective(sourceId);
  }

  /** Removes the source's own rule for an event name (the default, if any, applies again); false when there was none. */
  async remove(sourceId: string, eventName: string): Promise<boolean> {
    await this.assertSegmentSource(sourceId);
    const r = rowsOf(
      await this.db.query(`DELETE FROM segment_event_mappings WHERE source_id = $1 AND event_key = $2 RETURNING 1`, [
        sourceId,
        eventKey(eventName),
      ]),
    );
    this.tables.delete(sourceId);
    return r.length > 0;
  }

  private async assertSegmentSource(id: string): Promise<void> {
    const rows: Array<{ kind: string }> = UUID_RE.test(id)
      ? await this.db.query(`SELECT kind FROM sources WHERE id = $1`, [id])
      : [];
    if (!rows.length) throw AppError.notFound('Source', id);
    if (rows[0].kind !== 'SEGMENT') throw AppError.badInput('sourceId', 'event mappings belong to SEGMENT sources');
  }
}
