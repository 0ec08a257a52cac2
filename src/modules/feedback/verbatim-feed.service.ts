import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Principal } from '../../common/auth/principal';
import { Connection, lazyCount, toConnection } from '../../common/pagination/connection';
import { VerbatimFilter } from './dto/voice.input';
import { FeedbackKind, FeedbackSource, NpsCategory, Sentiment } from './models/feedback.model';
import { VerbatimRow } from './models/voice.model';
import { addAccountScope, SqlConditions } from './voice-scope.sql';

/** `%text%` for ILIKE with the text's own `\`, `%` and `_` matched literally (backslash is LIKE's escape). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

type Branch = { kind: FeedbackKind; sql: (c: SqlConditions) => string };

/**
 * The verbatim feed across the book: NPS and CSAT comments and feedback notes, newest first, keyset-paged on
 * (occurredAt, id). One UNION ALL statement with each filter pushed into every part it applies to; text search is
 * ILIKE (escaped) on the words; the count runs only when asked for.
 */
@Injectable()
export class VerbatimFeed {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async feed(
    p: Principal,
    filter: VerbatimFilter | null | undefined,
    first: number,
    after: [string, string] | null,
  ): Promise<Connection<VerbatimRow>> {
    const f = filter ?? {};
    if (f.minScore != null && f.maxScore != null && f.minScore > f.maxScore)
      throw AppError.badInput('filter.maxScore', 'must not be below minScore');
    const build = (cursor: [string, string] | null) => {
      const c = new SqlConditions();
      const search = f.search?.trim() ? c.param(containsPattern(f.search.trim())) : null;
      const cur = cursor ? [c.param(cursor[0]), c.param(cursor[1])] : null;
      const common = (at: string, alias: string) => {
        const w: string[] = [];
        if (f.accountId) w.push(`${alias}.account_id = ${c.param(f.accountId)}::uuid`);
        if (cur) w.push(`(${at}, ${alias}.id) < (${cur[0]}::timestamptz, ${cur[1]}::uuid)`);
        return w;
      };
      const scores = (col: string) => {
        const w: string[] = [];
        if (f.minScore != null) w.push(`${col} >= ${c.param(f.minScore)}::int`);
        if (f.maxScore != null) w.push(`${col} <= ${c.param(f.maxScore)}::int`);
        return w;
      };
      const scored = f.minScore != null || f.maxScore != null;
      const branches: Branch[] = [
        {
          kind: FeedbackKind.NPS,
          sql: () =>
            `SELECT 'NPS' AS kind, n.id, n.account_id, n.responded_at AS occurred_at, n.score::int AS score,
                    n.category AS nps_category, n.comment AS text, NULL::text AS topic, NULL::text AS source,
                    NULL::text AS sentiment
               FROM nps_responses n
              WHERE ${[
                'n.comment IS NOT NULL',
                ...common('n.responded_at', 'n'),
                ...scores('n.score'),
                ...(f.npsCategory ? [`n.category = ${c.param(f.npsCategory)}::text`] : []),
                ...(search ? [`n.comment ILIKE ${search}`] : []),
              ].join(' AND ')}`,
        },
        {
          kind: FeedbackKind.CSAT,
          sql: () =>
            `SELECT 'CSAT', c.id, c.account_id, c.responded_at, c.score::int, NULL, c.comment, c.topic, NULL, NULL
               FROM csat_responses c
              WHERE ${[
                'c.comment IS NOT NULL',
                ...common('c.responded_at', 'c'),
                ...scores('c.score'),
                ...(search ? [`(c.comment ILIKE ${search} OR c.topic ILIKE ${search})`] : []),
              ].join(' AND ')}`,
        },
        {
          kind: FeedbackKind.TEXT,
          sql: () =>
            `SELECT 'TEXT', t.id, t.account_id, t.occurred_at, NULL, NULL, t.text, NULL, t.source, t.sentiment
               FROM feedback_notes t
              WHERE ${['TRUE', ...common('t.occurred_at', 't'), ...(search ? [`t.text ILIKE ${search}`] : [])].join(' AND ')}`,
        },
      ];
      const parts = branches
        .filter((b) => !f.kind || b.kind === f.kind)
        .filter((b) => !f.npsCategory || b.kind === FeedbackKind.NPS)
        .filter((b) => !scored || b.kind !== FeedbackKind.TEXT)
        .map((b) => b.sql(c));
      addAccountScope(c, p, f);
      return { c, union: parts.length ? parts.join('\nUNION ALL\n') : null };
    };

    const page = build(after);
    if (!page.union) return toConnection([], first, () => [], 0);
    const limit = page.c.param(first + 1);
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT f.*, f.occurred_at::text AS sort_key, a.name AS account_name, a.segment
         FROM (${page.union}) AS f(kind, id, account_id, occurred_at, score, nps_category, text, topic, source, sentiment)
         JOIN accounts a ON a.id = f.account_id
        WHERE ${page.c.sql()}
        ORDER BY f.occurred_at DESC, f.id DESC
        LIMIT ${limit}`,
      page.c.params,
    );
    const count = build(null);
    return toConnection(
      rows.map(mapVerbatim),
      first,
      (r) => [r.sortKey, r.id],
      lazyCount(async () => {
        const [n] = await this.db.query(
          `SELECT count(*)::int AS n
             FROM (${count.union}) AS f(kind, id, account_id, occurred_at, score, nps_category, text, topic, source, sentiment)
             JOIN accounts a ON a.id = f.account_id
            WHERE ${count.c.sql()}`,
          count.c.params,
        );
        return n.n as number;
      }),
    );
  }
}

/** A feed row; `sortKey` is the occurred-at instant as PostgreSQL prints it (full precision, for the cursor). */
function mapVerbatim(r: Record<string, any>): VerbatimRow & { sortKey: string } {
  return {
    id: r.id,
    kind: r.kind as FeedbackKind,
    occurredAt: r.occurred_at,
    accountId: r.account_id,
    accountName: r.account_name,
    segment: r.segment,
    score: r.score,
    npsCategory: r.nps_category as NpsCategory | null,
    text: r.text,
    topic: r.topic,
    source: r.source as FeedbackSource | null,
    sentiment: r.sentiment as Sentiment | null,
    sortKey: r.sort_key,
  };
}
