import type { EntityManager } from 'typeorm';
import type { AccountTraits } from '../../core/segment/account-traits';

/**
 * The accounts of a Segment request's group/identify calls, in its transaction: created when new (named after
 * their id until a name is given), then updated where a given trait differs from what is stored (a repeated
 * group call writes nothing). An owner e-mail that names no user who can own accounts is reported in `errors`.
 */
export async function upsertSegmentAccounts(
  em: EntityManager,
  accounts: AccountTraits[],
  errors: Array<{ message: string; detail: Record<string, unknown> }>,
): Promise<void> {
  accounts.sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
  const emails = [...new Set(accounts.map((a) => a.ownerEmail).filter((e): e is string => !!e))];
  const owners = new Map<string, string>();
  if (emails.length) {
    const rows: Array<{ id: string; email: string }> = await em.query(
      `SELECT id, lower(email) AS email FROM users WHERE lower(email) = ANY($1::text[]) AND role <> 'INGEST'`,
      [emails],
    );
    for (const r of rows) owners.set(r.email, r.id);
    for (const e of emails)
      if (!owners.has(e))
        errors.push({
          message: 'owner e-mail of a group call is not a user who can own accounts (owner left unchanged)',
          detail: {
            email: e,
            groupIds: accounts
              .filter((a) => a.ownerEmail === e)
              .map((a) => a.externalId)
              .slice(0, 10),
          },
        });
  }
  const cols = [
    accounts.map((a) => a.externalId),
    accounts.map((a) => a.name ?? null),
    accounts.map((a) => a.segment ?? null),
    accounts.map((a) => (a.ownerEmail ? (owners.get(a.ownerEmail) ?? null) : null)),
    accounts.map((a) => a.customerSince ?? null),
    accounts.map((a) => a.industry ?? null),
  ];
  const input = `unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::timestamptz[], $6::text[])
                   AS t(ext, name, segment, owner, since, industry)`;
  await em.query(
    `INSERT INTO accounts (external_id, name, segment, owner_id, customer_since, industry)
     SELECT ext, COALESCE(name, ext), segment, owner, since, industry FROM ${input} ORDER BY ext
     ON CONFLICT (external_id) DO NOTHING`,
    cols,
  );
  // Traits given and different from what is stored (a repeated group call writes nothing).
  await em.query(
    `UPDATE accounts a SET name = COALESCE(t.name, a.name), segment = COALESCE(t.segment, a.segment),
            owner_id = COALESCE(t.owner, a.owner_id), customer_since = COALESCE(t.since, a.customer_since),
            industry = COALESCE(t.industry, a.industry), updated_at = now()
       FROM ${input}
      WHERE a.external_id = t.ext
        AND ((t.name IS NOT NULL AND t.name IS DISTINCT FROM a.name)
          OR (t.segment IS NOT NULL AND t.segment IS DISTINCT FROM a.segment)
          OR (t.owner IS NOT NULL AND t.owner IS DISTINCT FROM a.owner_id)
          OR (t.since IS NOT NULL AND t.since IS DISTINCT FROM a.customer_since)
          OR (t.industry IS NOT NULL AND t.industry IS DISTINCT FROM a.industry))`,
    cols,
  );
}
