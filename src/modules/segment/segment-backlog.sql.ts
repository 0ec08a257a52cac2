/** The unattributed backlog of Segment sources: how kept events are released once their account is known. */

/** A signal as the signal store takes it (validated there again). */
export interface SignalItem {
  id: string;
  accountId: string;
  type: string;
  /** A Date for a message of this request (not parsed again), the ISO text when read back from a kept payload. */
  occurredAt: string | Date;
  quantity: number;
  properties: Record<string, unknown>;
}

export interface ReleasedRow {
  source_id: string;
  id: string;
  account_id: string;
  payload: Omit<SignalItem, 'accountId'>;
}

export function toSignalItem(r: ReleasedRow): SignalItem {
  return { ...r.payload, id: r.id, accountId: r.account_id };
}

/**
 * Takes (deletes, returning them with their account) the unattributed events of Segment sources that can now be
 * attributed: to the account their `context.groupId` named once it exists, else to their user's linked account
 * (userId's link first, then anonymousId's). Rows another transaction is releasing are skipped (SKIP LOCKED),
 * so each is released once. `filter` narrows the candidates (an AND clause over `u`); at most 5,000 per call.
 */
export function RELEASE_SQL(filter: string): string {
  return `
WITH ready AS (
  SELECT u.source_id, u.id,
         CASE WHEN u.group_ref IS NOT NULL THEN (SELECT a.id FROM accounts a WHERE a.external_id = u.group_ref)
              ELSE COALESCE((SELECT l.account_id FROM segment_user_links l WHERE l.user_key = u.match_key),
                            (SELECT l.account_id FROM segment_user_links l WHERE l.user_key = u.alt_match_key)) END AS account_id
    FROM source_unattributed u JOIN sources s ON s.id = u.source_id AND s.kind = 'SEGMENT'
   WHERE TRUE ${filter}
   ORDER BY u.source_id, u.id
   LIMIT 5000
   FOR UPDATE OF u SKIP LOCKED
)
DELETE FROM source_unattributed u USING ready r
 WHERE u.source_id = r.source_id AND u.id = r.id AND r.account_id IS NOT NULL
RETURNING u.source_id, u.id, r.account_id, u.payload`;
}
