import type { EntityManager } from 'typeorm';
import type { DemoFeedback } from '../../core/demo/demo-feedback.generator';

/** NPS and CSAT responses share a shape: score, comment and one more text column (respondent email, topic). */
async function insertResponses(
  em: EntityManager,
  table: 'nps_responses' | 'csat_responses',
  extraColumn: 'respondent_email' | 'topic',
  rows: ReadonlyArray<{
    accountId: string;
    id: string;
    score: number;
    comment: string | null;
    extra: string | null;
    respondedAt: Date;
  }>,
  chunk: number,
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    await em.query(
      `INSERT INTO ${table} (account_id, id, score, comment, ${extraColumn}, responded_at)
       SELECT t.* FROM unnest($1::uuid[], $2::uuid[], $3::smallint[], $4::text[], $5::text[], $6::timestamptz[]) AS t(a, i, s, c, x, r)
        WHERE EXISTS (SELECT 1 FROM accounts WHERE id = t.a)
       ON CONFLICT DO NOTHING`,
      [
        part.map((r) => r.accountId),
        part.map((r) => r.id),
        part.map((r) => r.score),
        part.map((r) => r.comment),
        part.map((r) => r.extra),
        part.map((r) => r.respondedAt),
      ],
    );
  }
}

/** Set-based inserts in chunks (idempotent: existing ids are kept; rows of accounts that were not inserted are skipped). */
export async function insertDemoFeedback(em: EntityManager, fb: DemoFeedback, chunk = 5000): Promise<void> {
  await insertResponses(
    em,
    'nps_responses',
    'respondent_email',
    fb.nps.map((r) => ({ ...r, extra: r.respondentEmail })),
    chunk,
  );
  await insertResponses(
    em,
    'csat_responses',
    'topic',
    fb.csat.map((r) => ({ ...r, extra: r.topic })),
    chunk,
  );
  for (let i = 0; i < fb.notes.length; i += chunk) {
    const part = fb.notes.slice(i, i + chunk);
    // Tag lists travel as '|'-joined strings (unnest cannot yield arrays from a 2-D array).
    await em.query(
      `INSERT INTO feedback_notes (account_id, id, text, source, sentiment, tags, occurred_at)
       SELECT a, i, x, s, m, CASE WHEN g = '' THEN '{}'::text[] ELSE string_to_array(g, '|') END, o
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) AS t(a, i, x, s, m, g, o)
        WHERE EXISTS (SELECT 1 FROM accounts WHERE id = t.a)
       ON CONFLICT DO NOTHING`,
      [
        part.map((r) => r.accountId),
        part.map((r) => r.id),
        part.map((r) => r.text),
        part.map((r) => r.source),
        part.map((r) => r.sentiment),
        part.map((r) => r.tags.join('|')),
        part.map((r) => r.occurredAt),
      ],
    );
  }
}
