import { DataSource } from 'typeorm';

/**
 * The accounts (not churned) a scorecard for `segment` applies to: that segment's accounts, or for the default
 * scorecard (segment null) every account whose segment has no scorecard of its own (`segmentsWithCards`).
 */
export async function scorecardAccountIds(
  db: DataSource,
  segment: string | null,
  segmentsWithCards: string[],
): Promise<string[]> {
  const rows: Array<{ id: string }> =
    segment === null
      ? await db.query(
          `SELECT id FROM accounts WHERE status <> 'CHURNED' AND (segment IS NULL OR NOT (segment = ANY($1::text[])))`,
          [segmentsWithCards],
        )
      : await db.query(`SELECT id FROM accounts WHERE status <> 'CHURNED' AND segment = $1`, [segment]);
  return rows.map((r) => r.id);
}
