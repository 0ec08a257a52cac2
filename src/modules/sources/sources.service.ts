import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Cron, CronExpression } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../common/errors/app-error';
import { AppConfig } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { UUID_RE } from '../../core/ids';
import {
  ERROR_RETENTION_DAYS,
  LAST_ERRORS_SHOWN,
  SourceKindName,
  STATS_RETENTION_DAYS,
} from '../../core/sources/source-vocabulary';
import { rowsOf } from '../../database/query-result';
import { CreateSourceInput, SourceSettingsInput, UpdateSourceInput } from './dto/source.input';
import { SourceModel, UnattributedEventModel } from './models/source.model';
import { SourceStatsService } from './source-stats.service';
import { lockForTransaction } from '../../database/advisory-locks';

export const DEFAULT_SEGMENT_TRAIT = 'plan';
export const DEFAULT_OWNER_EMAIL_TRAIT = 'ownerEmail';

/** A source as the connectors use it: settings resolved against the service defaults. */
export interface ActiveSource {
  id: string;
  kind: SourceKindName;
  name: string;
  /** Events per minute; 0 = no limit. */
  rateLimitPerMinute: number;
  segmentTrait: string;
  ownerEmailTrait: string;
  unattributedMaxAgeDays: number;
}

/** A new write key: `wk_` + 32 random bytes in base64url. */
export function generateWriteKey(): string {
  return `wk_${randomBytes(32).toString('base64url')}`;
}

export function hashWriteKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** How long an instance trusts a write key it has checked (revocation is re-checked by each write). */
const KEY_CACHE_MS = 30_000;
const KEY_CACHE_MAX = 1_000;

const SOURCE_COLUMNS = `s.id, s.kind, s.name, s.write_key_prefix, s.rate_limit_per_minute, s.segment_trait,
  s.owner_email_trait, s.unattributed_max_age_days, s.created_at, s.revoked_at`;

/**
 * Sources: creation (the write key shown once), settings, revocation, the `sources` view (counters over 24 h,
 * backlog of unattributed events, last errors) and daily retention (old counters and errors; unattributed
 * events past their source's age limit are reported in its errors, then purged).
 */
@Injectable()
export class SourcesService {
  private readonly log = new Logger('Sources');
  /** Write key hash → its active source, until a time (see `authenticate`). */
  private readonly keyCache = new Map<string, { source: ActiveSource; until: number }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly stats: SourceStatsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async create(input: CreateSourceInput, actorId: string | null): Promise<{ source: SourceModel; writeKey: string }> {
    const writeKey = generateWriteKey();
    const rows = await this.db.query(
      `INSERT INTO sources (kind, name, write_key_hash, write_key_prefix, rate_limit_per_minute, segment_trait,
                            owner_email_trait, unattributed_max_age_days, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        input.kind,
        input.name.trim(),
        hashWriteKey(writeKey),
        writeKey.slice(0, 10),
        input.rateLimitPerMinute ?? null,
        input.segmentTrait ?? null,
        input.ownerEmailTrait ?? null,
        input.unattributedMaxAgeDays ?? null,
        actorId,
      ],
    );
    return { source: (await this.list(true, [rows[0].id]))[0], writeKey };
  }

  /** Changes a source's name or settings; a field left out keeps its value, null resets it to the default. */
  async update(id: string, input: UpdateSourceInput): Promise<SourceModel> {
    const sets: string[] = [];
    const params: unknown[] = [this.checkId(id)];
    const set = (col: string, value: unknown) => {
      params.push(value);
      sets.push(`${col} = $${params.length}`);
    };
    if (input.name != null) set('name', input.name.trim());
    const settings: Array<[keyof SourceSettingsInput, string]> = [
      ['rateLimitPerMinute', 'rate_limit_per_minute'],
      ['segmentTrait', 'segment_trait'],
      ['ownerEmailTrait', 'owner_email_trait'],
      ['unattributedMaxAgeDays', 'unattributed_max_age_days'],
    ];
    for (const [field, col] of settings) if (input[field] !== undefined) set(col, input[field]);
    if (sets.length) {
      const r = rowsOf(await this.db.query(`UPDATE sources SET ${sets.join(', ')} WHERE id = $1 RETURNING id`, params));
      if (!r.length) throw AppError.notFound('Source', id);
      this.forget(id);
    }
    const found = await this.list(true, [id]);
    if (!found.length) throw AppError.notFound('Source', id);
    return found[0];
  }

  /** Revokes the source's write key at once (its data and counters stay). Revoking twice changes nothing. */
  async revoke(id: string): Promise<SourceModel> {
    await this.db.query(`UPDATE sources SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [
      this.checkId(id),
    ]);
    this.forget(id);
    const found = await this.list(true, [id]);
    if (!found.length) throw AppError.notFound('Source', id);
    return found[0];
  }

  /**
   * The active source of a write key, or null (unknown or revoked). Found sources are cached per instance for
   * KEY_CACHE_MS (a delivery of a few events would otherwise pay a query for its key); `update` and `revoke`
   * forget them at once on this instance. A connector that writes must still confirm, inside its transaction,
   * that the source is active (`activeWithin`): a key revoked on another instance is then refused at once too.
   */
  async authenticate(writeKey: string): Promise<ActiveSource | null> {
    if (!writeKey || writeKey.length > 200) return null;
    const hash = hashWriteKey(writeKey);
    const hit = this.keyCache.get(hash);
    if (hit && hit.until > Date.now()) return hit.source;
    const rows = await this.db.query(
      `SELECT ${SOURCE_COLUMNS} FROM sources s WHERE s.write_key_hash = $1 AND s.revoked_at IS NULL`,
      [hash],
    );
    if (!rows[0]) {
      this.keyCache.delete(hash);
      return null;
    }
    const source = this.active(rows[0]);
    if (this.keyCache.size >= KEY_CACHE_MAX) this.keyCache.clear();
    this.keyCache.set(hash, { source, until: Date.now() + KEY_CACHE_MS });
    return source;
  }

  /** Drops a source from this instance's key cache (its settings changed, or it was revoked). */
  forget(id: string): void {
    for (const [hash, e] of this.keyCache) if (e.source.id === id) this.keyCache.delete(hash);
  }

  /** An active source by id (settings resolved), or null. */
  async findActive(id: string): Promise<ActiveSource | null> {
    if (!UUID_RE.test(id)) return null;
    const rows = await this.db.query(
      `SELECT ${SOURCE_COLUMNS} FROM sources s WHERE s.id = $1 AND s.revoked_at IS NULL`,
      [id],
    );
    return rows[0] ? this.active(rows[0]) : null;
  }

  /**
   * The oldest active source of a kind, created (with a write key nobody sees) when there is none: for connectors
   * whose deliveries are not keyed by a write key (the Stripe webhook, CLI imports) but still count per source.
   * With `byName`, the oldest active one of that kind and name (each CLI import kind counts on its own source).
   */
  async ensureSource(kind: SourceKindName, name: string, opts: { byName?: boolean } = {}): Promise<ActiveSource> {
    const byName = opts.byName ? name : null;
    return this.db.transaction(async (em) => {
      await lockForTransaction(em, byName === null ? `source:${kind}` : `source:${kind}:${byName}`);
      const found = await em.query(
        `SELECT ${SOURCE_COLUMNS} FROM sources s WHERE s.kind = $1 AND s.revoked_at IS NULL
            AND ($2::text IS NULL OR s.name = $2) ORDER BY s.created_at, s.id LIMIT 1`,
        [kind, byName],
      );
      if (found[0]) return this.active(found[0]);
      const key = generateWriteKey();
      const rows = await em.query(
        `INSERT INTO sources (kind, name, write_key_hash, write_key_prefix) VALUES ($1, $2, $3, $4)
         RETURNING id, kind, name, write_key_prefix, rate_limit_per_minute, segment_trait, owner_email_trait,
                   unattributed_max_age_days, created_at, revoked_at`,
        [kind, name, hashWriteKey(key), key.slice(0, 10)],
      );
      return this.active(rows[0]);
    });
  }

  /** Sources with their counters over the last 24 h, backlog and last errors: four set-based queries. */
  async list(includeRevoked = false, ids?: string[]): Promise<SourceModel[]> {
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT ${SOURCE_COLUMNS},
              st.accepted, st.duplicates, st.rejected, st.unattributed, st.rate_limited, st.last_event_at,
              b.backlog, b.oldest_received_at
         FROM sources s
         LEFT JOIN LATERAL (
           SELECT COALESCE(sum(accepted) FILTER (WHERE bucket >= now() - interval '24 hours'), 0)::bigint AS accepted,
                  COALESCE(sum(duplicates) FILTER (WHERE bucket >= now() - interval '24 hours'), 0)::bigint AS duplicates,
                  COALESCE(sum(rejected) FILTER (WHERE bucket >= now() - interval '24 hours'), 0)::bigint AS rejected,
                  COALESCE(sum(unattributed) FILTER (WHERE bucket >= now() - interval '24 hours'), 0)::bigint AS unattributed,
                  COALESCE(sum(rate_limited) FILTER (WHERE bucket >= now() - interval '24 hours'), 0)::bigint AS rate_limited,
                  max(last_event_at) AS last_event_at
             FROM source_stats x WHERE x.source_id = s.id) st ON TRUE
         LEFT JOIN LATERAL (
           SELECT count(*)::bigint AS backlog, min(received_at) AS oldest_received_at
             FROM source_unattributed u WHERE u.source_id = s.id) b ON TRUE
        WHERE ($1::boolean OR s.revoked_at IS NULL) AND ($2::uuid[] IS NULL OR s.id = ANY($2::uuid[]))
        ORDER BY s.created_at, s.id`,
      [includeRevoked, ids ? ids.filter((id) => UUID_RE.test(id)) : null],
    );
    const errors: Array<Record<string, any>> = rows.length
      ? await this.db.query(
          `SELECT e.source_id, e.message, e.count, e.first_at, e.last_at, e.detail::text AS detail
             FROM unnest($1::uuid[]) AS src(id)
             CROSS JOIN LATERAL (
               SELECT * FROM source_errors e WHERE e.source_id = src.id ORDER BY e.last_at DESC, e.message LIMIT $2) e`,
          [rows.map((r) => r.id), LAST_ERRORS_SHOWN],
        )
      : [];
    return rows.map((r) => {
      const a = this.active(r);
      const oldest: Date | null = r.oldest_received_at ?? null;
      return {
        id: r.id,
        kind: r.kind,
        name: r.name,
        writeKeyPrefix: r.write_key_prefix,
        active: r.revoked_at === null,
        rateLimitPerMinute: a.rateLimitPerMinute,
        segmentTrait: a.segmentTrait,
        ownerEmailTrait: a.ownerEmailTrait,
        unattributedMaxAgeDays: a.unattributedMaxAgeDays,
        createdAt: r.created_at,
        revokedAt: r.revoked_at,
        lastEventAt: r.last_event_at ?? null,
        last24h: {
          accepted: Number(r.accepted ?? 0),
          duplicates: Number(r.duplicates ?? 0),
          rejected: Number(r.rejected ?? 0),
          unattributed: Number(r.unattributed ?? 0),
          rateLimited: Number(r.rate_limited ?? 0),
        },
        unattributed: {
          count: Number(r.backlog ?? 0),
          oldestReceivedAt: oldest,
          oldestPurgeAt: oldest ? new Date(oldest.getTime() + a.unattributedMaxAgeDays * 86_400_000) : null,
        },
        lastErrors: errors
          .filter((e) => e.source_id === r.id)
          .map((e) => ({
            message: e.message,
            count: Number(e.count),
            firstAt: e.first_at,
            lastAt: e.last_at,
            detail: e.detail ?? null,
          })),
      };
    });
  }

  /** The oldest events a source keeps unattributed (at most `first`, ≤ 500), oldest first. */
  async unattributedEvents(sourceId: string, first: number): Promise<UnattributedEventModel[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500)
      throw AppError.badInput('first', 'must be between 1 and 500');
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT id, COALESCE(match_key, alt_match_key) AS match_key, group_ref, reason, occurred_at, received_at
         FROM source_unattributed WHERE source_id = $1 ORDER BY received_at, id LIMIT $2`,
      [this.checkId(sourceId), first],
    );
    return rows.map((r) => ({
      id: r.id,
      matchKey: r.match_key,
      groupRef: r.group_ref,
      reason: r.reason,
      occurredAt: r.occurred_at,
      receivedAt: r.received_at,
    }));
  }

  /**
   * Daily: unattributed events past their source's age limit are reported (one error per source: how many,
   * the oldest, a few of their match keys), then purged; counters and errors past retention are forgotten
   * (the newest counter bucket of each source is kept: it holds its last event's time).
   */
  @Cron(CronExpression.EVERY_DAY_AT_5AM)
  async maintain(): Promise<{ purged: number }> {
    const expired: Array<{ source_id: string; n: string; oldest: Date; keys: string[]; days: number }> =
      await this.db.query(
        `SELECT u.source_id, count(*) AS n, min(u.received_at) AS oldest,
              (array_agg(DISTINCT COALESCE(u.match_key, u.group_ref, u.id)))[1:10] AS keys,
              COALESCE(s.unattributed_max_age_days, $1)::int AS days
         FROM source_unattributed u JOIN sources s ON s.id = u.source_id
        WHERE u.received_at < now() - make_interval(days => COALESCE(s.unattributed_max_age_days, $1))
        GROUP BY u.source_id, s.unattributed_max_age_days`,
        [this.config.SOURCE_UNATTRIBUTED_MAX_AGE_DAYS],
      );
    let purged = 0;
    for (const e of expired) {
      await this.db.transaction(async (em) => {
        const deleted = rowsOf(
          await em.query(
            `DELETE FROM source_unattributed WHERE source_id = $1 AND received_at < now() - make_interval(days => $2)
             RETURNING 1`,
            [e.source_id, e.days],
          ),
        ).length;
        if (!deleted) return;
        purged += deleted;
        await this.stats.recordError(
          e.source_id,
          `Purged unattributed events older than ${e.days} days (no account could be found for them)`,
          { purged: deleted, oldestReceivedAt: e.oldest, keys: e.keys },
          em,
        );
        this.log.warn(
          `source ${e.source_id}: purged ${deleted} unattributed events older than ${e.days} days (oldest received ${new Date(e.oldest).toISOString()}; keys ${e.keys.join(', ')})`,
        );
      });
    }
    await this.db.query(
      `DELETE FROM source_stats x WHERE x.bucket < now() - make_interval(days => $1)
          AND x.bucket < (SELECT max(y.bucket) FROM source_stats y WHERE y.source_id = x.source_id)`,
      [STATS_RETENTION_DAYS],
    );
    await this.db.query(`DELETE FROM source_errors WHERE last_at < now() - make_interval(days => $1)`, [
      ERROR_RETENTION_DAYS,
    ]);
    return { purged };
  }

  private active(r: Record<string, any>): ActiveSource {
    return {
      id: r.id,
      kind: r.kind,
      name: r.name,
      rateLimitPerMinute: r.rate_limit_per_minute ?? this.config.SOURCE_RATE_LIMIT_PER_MINUTE,
      segmentTrait: r.segment_trait ?? DEFAULT_SEGMENT_TRAIT,
      ownerEmailTrait: r.owner_email_trait ?? DEFAULT_OWNER_EMAIL_TRAIT,
      unattributedMaxAgeDays: r.unattributed_max_age_days ?? this.config.SOURCE_UNATTRIBUTED_MAX_AGE_DAYS,
    };
  }

  private checkId(id: string): string {
    if (!UUID_RE.test(id)) throw AppError.notFound('Source', id);
    return id;
  }
}
