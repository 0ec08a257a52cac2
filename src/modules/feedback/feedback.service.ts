import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { bookOwnerFilter, Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { Connection, encodeCursor } from '../../common/pagination/connection';
import { isCsatScore, isNpsScore, npsCategoryOf, npsFigures, NpsFigures, npsOf } from '../../core/feedback/nps-stats';
import { FEEDBACK_EVENTS, FeedbackRecordedEvent } from './feedback.events';
import { NpsSummaryFilter, RecordCsatInput, RecordFeedbackInput, RecordNpsInput } from './dto/feedback.input';
import {
  CsatResponseRow,
  FeedbackItemRow,
  FeedbackKind,
  FeedbackNoteRow,
  FeedbackSource,
  NpsCategory,
  NpsResponseRow,
  Sentiment,
} from './models/feedback.model';
import { ReadModelCache } from '../../common/read-cache/read-model-cache.service';
import { preparedRead, runPreparedRead } from '../../common/database/prepared-read';
import { assertAccountsVisible } from '../../common/auth/account-access';

/** Responses may not be dated in the future beyond clock skew. */
const MAX_FUTURE_MS = 5 * 60 * 1000;

/** Roles that may record feedback; a CSM only on the accounts of their own book. */
const WRITERS: ReadonlySet<Role> = new Set([Role.ADMIN, Role.MANAGER, Role.INGEST, Role.CSM]);

export interface AccountNps {
  latestScore: number | null;
  latestCategory: NpsCategory | null;
  nps12m: number | null;
  responses12m: number;
}

/** One page request of an account's feedback feed (a DataLoader key). */
export interface FeedPageKey {
  accountId: string;
  first: number;
  /** Decoded cursor: the occurred-at instant as PostgreSQL text (full precision) and the item id. */
  after: [string, string] | null;
}

/** Latest NPS response and 12-month counts of a DataLoader batch of accounts, in the order given. */
export const ACCOUNT_NPS = preparedRead(
  'account_nps',
  `SELECT k.account_id, l.score AS latest_score, s.promoters, s.passives, s.detractors
     FROM unnest($1::uuid[]) WITH ORDINALITY AS k(account_id, ord)
     LEFT JOIN LATERAL (
       SELECT score FROM nps_responses WHERE account_id = k.account_id
        ORDER BY responded_at DESC, id DESC LIMIT 1) l ON TRUE
     CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE category = 'PROMOTER')::int AS promoters,
              count(*) FILTER (WHERE category = 'PASSIVE')::int AS passives,
              count(*) FILTER (WHERE category = 'DETRACTOR')::int AS detractors
         FROM nps_responses
        WHERE account_id = k.account_id AND responded_at >= now() - interval '12 months') s
    ORDER BY k.ord`,
);

@Injectable()
export class FeedbackService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventEmitter2,
    private readonly readCache: ReadModelCache,
  ) {}

  async recordNps(p: Principal, input: RecordNpsInput): Promise<NpsResponseRow> {
    if (!isNpsScore(input.score)) throw AppError.badInput('score', 'must be an integer from 0 to 10');
    const respondedAt = this.instant('respondedAt', input.respondedAt);
    const row = await this.db.transaction(async (em) => {
      await this.assertWritable(em, p, input.accountId);
      const [r] = await em.query(
        `INSERT INTO nps_responses (account_id, score, comment, respondent_email, responded_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${NPS_COLUMNS}`,
        [
          input.accountId,
          input.score,
          clean(input.comment),
          input.respondentEmail?.trim().toLowerCase() || null,
          respondedAt,
          p.userId,
        ],
      );
      return mapNps(r);
    });
    this.emit({ accountId: row.accountId, kind: 'NPS', npsCategory: row.category, score: row.score });
    return row;
  }

  async recordCsat(p: Principal, input: RecordCsatInput): Promise<CsatResponseRow> {
    if (!isCsatScore(input.score)) throw AppError.badInput('score', 'must be an integer from 1 to 5');
    const respondedAt = this.instant('respondedAt', input.respondedAt);
    const row = await this.db.transaction(async (em) => {
      await this.assertWritable(em, p, input.accountId);
      const [r] = await em.query(
        `INSERT INTO csat_responses (account_id, score, comment, topic, responded_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${CSAT_COLUMNS}`,
        [input.accountId, input.score, clean(input.comment), clean(input.topic), respondedAt, p.userId],
      );
      return mapCsat(r);
    });
    this.emit({ accountId: row.accountId, kind: 'CSAT', score: row.score });
    return row;
  }

  async recordFeedback(p: Principal, input: RecordFeedbackInput): Promise<FeedbackNoteRow> {
    const occurredAt = this.instant('occurredAt', input.occurredAt);
    const tags = [...new Set((input.tags ?? []).map((t) => t.trim().toLowerCase()))];
    const row = await this.db.transaction(async (em) => {
      await this.assertWritable(em, p, input.accountId);
      const [r] = await em.query(
        `INSERT INTO feedback_notes (account_id, text, source, sentiment, tags, occurred_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5::text[], $6, $7) RETURNING ${NOTE_COLUMNS}`,
        [
          input.accountId,
          input.text.trim(),
          input.source ?? FeedbackSource.OTHER,
          input.sentiment ?? null,
          tags,
          occurredAt,
          p.userId,
        ],
      );
      return mapNote(r);
    });
    this.emit({ accountId: row.accountId, kind: 'TEXT', ...(row.sentiment ? { sentiment: row.sentiment } : {}) });
    return row;
  }

  /**
   * NPS over the responses matching the filter, intersected with the caller's book (a CSM sees only the
   * accounts they own). Every response counts (repeat respondents included). One aggregate query for the
   * counts by category; the figures come from the pure core function.
   */
  async npsSummary(p: Principal, filter: NpsSummaryFilter | null | undefined): Promise<NpsFigures> {
    const f = filter ?? {};
    if (f.from && f.to && f.from.getTime() > f.to.getTime())
      throw AppError.badInput('filter.to', 'must not be before from');
    const book = bookOwnerFilter(p);
    // Only the conditions given, and the join to accounts only when one is on the account (owner, segment):
    // the whole book's summary is then one index-only pass over nps_responses.
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (book) add((n) => `a.owner_id = ${n}::uuid`, book);
    if (f.ownerId) add((n) => `a.owner_id = ${n}::uuid`, f.ownerId);
    if (f.segment != null) add((n) => `a.segment = ${n}::text`, f.segment);
    const joinAccounts = where.length > 0;
    if (f.accountId) add((n) => `r.account_id = ${n}::uuid`, f.accountId);
    if (f.from) add((n) => `r.responded_at >= ${n}::timestamptz`, f.from);
    if (f.to) add((n) => `r.responded_at < ${n}::timestamptz`, f.to);
    const sql = `SELECT count(*) FILTER (WHERE r.category = 'PROMOTER')::int AS promoters,
              count(*) FILTER (WHERE r.category = 'PASSIVE')::int AS passives,
              count(*) FILTER (WHERE r.category = 'DETRACTOR')::int AS detractors
         FROM nps_responses r${joinAccounts ? ' JOIN accounts a ON a.id = r.account_id' : ''}
        WHERE ${where.length ? where.join(' AND ') : 'TRUE'}`;
    // Dashboards ask for the same summaries over and over; the cache answers while no response or account changed.
    const counts = await this.readCache.read(
      JSON.stringify([sql, params]),
      joinAccounts ? ['nps', 'accounts'] : ['nps'],
      async (em) => {
        const [c] = await em.query(sql, params);
        return { value: c as { promoters: number; passives: number; detractors: number } };
      },
    );
    return npsFigures(counts);
  }

  /** Latest response and the last 12 months' NPS of many accounts (for the account.nps DataLoader). */
  async accountNps(accountIds: readonly string[]): Promise<AccountNps[]> {
    if (!accountIds.length) return [];
    const rows: Array<{ latest_score: number | null; promoters: number; passives: number; detractors: number }> =
      await runPreparedRead(this.db, ACCOUNT_NPS, [accountIds]);
    return rows.map((r) => ({
      latestScore: r.latest_score,
      latestCategory: r.latest_score === null ? null : (npsCategoryOf(r.latest_score) as NpsCategory),
      nps12m: npsOf(r),
      responses12m: r.promoters + r.passives + r.detractors,
    }));
  }

  /**
   * Pages of several accounts' feeds (NPS, CSAT and verbatims together, newest first), in one query
   * with a LATERAL union per requested page, plus one count query.
   */
  async feedPages(keys: readonly FeedPageKey[]): Promise<Array<Connection<FeedbackItemRow>>> {
    if (!keys.length) return [];
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT k.ord, f.*
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::uuid[]) WITH ORDINALITY AS k(account_id, lim, c_at, c_id, ord)
         CROSS JOIN LATERAL (
           SELECT u.*, u.occurred_at::text AS sort_key FROM (
             SELECT 'NPS' AS kind, n.id, n.account_id, n.responded_at AS occurred_at, n.score::int AS score, n.category,
                    n.comment, n.respondent_email, NULL::text AS topic, NULL::text AS text, NULL::text AS source,
                    NULL::text AS sentiment, NULL::text[] AS tags
               FROM nps_responses n
              WHERE n.account_id = k.account_id
                AND (k.c_at IS NULL OR (n.responded_at, n.id) < (k.c_at::timestamptz, k.c_id))
             UNION ALL
             SELECT 'CSAT', c.id, c.account_id, c.responded_at, c.score::int, NULL, c.comment, NULL, c.topic, NULL, NULL, NULL, NULL
               FROM csat_responses c
              WHERE c.account_id = k.account_id
                AND (k.c_at IS NULL OR (c.responded_at, c.id) < (k.c_at::timestamptz, k.c_id))
             UNION ALL
             SELECT 'TEXT', t.id, t.account_id, t.occurred_at, NULL, NULL, NULL, NULL, NULL, t.text, t.source, t.sentiment, t.tags
               FROM feedback_notes t
              WHERE t.account_id = k.account_id
                AND (k.c_at IS NULL OR (t.occurred_at, t.id) < (k.c_at::timestamptz, k.c_id))
           ) u
           ORDER BY u.occurred_at DESC, u.id DESC
           LIMIT k.lim) f
        ORDER BY k.ord, f.occurred_at DESC, f.id DESC`,
      [
        keys.map((k) => k.accountId),
        keys.map((k) => k.first + 1),
        keys.map((k) => k.after?.[0] ?? null),
        keys.map((k) => k.after?.[1] ?? null),
      ],
    );
    const accountIds = [...new Set(keys.map((k) => k.accountId))];
    const counts: Array<{ account_id: string; n: number }> = await this.db.query(
      `SELECT k.account_id,
              ((SELECT count(*) FROM nps_responses WHERE account_id = k.account_id)
             + (SELECT count(*) FROM csat_responses WHERE account_id = k.account_id)
             + (SELECT count(*) FROM feedback_notes WHERE account_id = k.account_id))::int AS n
         FROM unnest($1::uuid[]) AS k(account_id)`,
      [accountIds],
    );
    const total = new Map(counts.map((c) => [c.account_id, c.n]));
    const byOrd = new Map<number, Array<Record<string, any>>>();
    for (const r of rows) {
      const ord = Number(r.ord);
      const list = byOrd.get(ord);
      if (list) list.push(r);
      else byOrd.set(ord, [r]);
    }
    return keys.map((k, i) => {
      const page = byOrd.get(i + 1) ?? [];
      const items = page.slice(0, k.first);
      const edges = items.map((r) => ({ node: mapFeedItem(r), cursor: encodeCursor([r.sort_key, r.id]) }));
      return {
        edges,
        pageInfo: {
          hasNextPage: page.length > k.first,
          endCursor: edges.length ? edges[edges.length - 1].cursor : null,
        },
        totalCount: total.get(k.accountId) ?? 0,
      };
    });
  }

  /**
   * Who may write: ADMIN, MANAGER, INGEST on any account; a CSM on the accounts of their own book.
   * An unknown account, or another CSM's account, is NOT_FOUND (no existence leak, as for reads).
   */
  private async assertWritable(em: EntityManager, p: Principal, accountId: string): Promise<void> {
    if (!WRITERS.has(p.role)) throw AppError.forbidden('Your role cannot record feedback');
    await assertAccountsVisible(em, p, [accountId], { lock: 'FOR KEY SHARE' });
  }

  private instant(field: string, value: Date | null | undefined): Date {
    const at = value ?? new Date();
    if (at.getTime() > Date.now() + MAX_FUTURE_MS) throw AppError.badInput(field, 'must not be in the future');
    return at;
  }

  private emit(event: FeedbackRecordedEvent): void {
    this.events.emit(FEEDBACK_EVENTS.recorded, event);
  }
}

const NPS_COLUMNS = `id, account_id, score::int AS score, category, comment, respondent_email, responded_at`;
const CSAT_COLUMNS = `id, account_id, score::int AS score, comment, topic, responded_at`;
const NOTE_COLUMNS = `id, account_id, text, source, sentiment, tags, occurred_at`;

function clean(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}

function mapNps(r: Record<string, any>): NpsResponseRow {
  return {
    kind: FeedbackKind.NPS,
    id: r.id,
    accountId: r.account_id,
    score: r.score,
    category: r.category as NpsCategory,
    comment: r.comment,
    respondentEmail: r.respondent_email,
    respondedAt: r.responded_at,
    occurredAt: r.responded_at,
  };
}

function mapCsat(r: Record<string, any>): CsatResponseRow {
  return {
    kind: FeedbackKind.CSAT,
    id: r.id,
    accountId: r.account_id,
    score: r.score,
    comment: r.comment,
    topic: r.topic,
    respondedAt: r.responded_at,
    occurredAt: r.responded_at,
  };
}

function mapNote(r: Record<string, any>): FeedbackNoteRow {
  return {
    kind: FeedbackKind.TEXT,
    id: r.id,
    accountId: r.account_id,
    text: r.text,
    source: r.source as FeedbackSource,
    sentiment: r.sentiment as Sentiment | null,
    tags: r.tags ?? [],
    occurredAt: r.occurred_at,
  };
}

function mapFeedItem(r: Record<string, any>): FeedbackItemRow {
  if (r.kind === 'NPS') return mapNps({ ...r, responded_at: r.occurred_at });
  if (r.kind === 'CSAT') return mapCsat({ ...r, responded_at: r.occurred_at });
  return mapNote(r);
}
