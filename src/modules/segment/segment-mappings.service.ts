import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { UUID_RE } from '../../core/ids';
import { EventMapping, effectiveMappings, eventKey, mappingProblem } from '../../core/segment/event-mapping';
import { rowsOf } from '../../database/query-result';
import { SegmentEventMappingInput } from './segment.models';

export interface EffectiveMapping extends EventMapping {
  eventKey: string;
  isDefault: boolean;
}

/** A source's event name → signal type table: its own rows over the built-in defaults (src/core/segment). */
@Injectable()
export class SegmentMappingsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async ownMappings(sourceId: string): Promise<EventMapping[]> {
    const rows: Array<Record<string, string | null>> = await this.db.query(
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
