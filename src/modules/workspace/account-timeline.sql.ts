/**
 * The account timeline as ONE statement: every event source of an account as a branch of a UNION ALL with the
 * same columns (kind, at, id, actor, details as JSON), newest first, with a keyset cursor on (at, kind, id).
 *
 * Parameters: $1 account id, $2 kinds wanted (text[]; a branch whose kind is not wanted is skipped by a one-time
 * filter), $3/$4/$5 the cursor (at, kind, id; $3 NULL = first page), $6 the row limit. The CTE is referenced
 * once, so PostgreSQL inlines it and pushes the account and cursor conditions into each branch (each reads its
 * own (account_id, …) index).
 *
 * Health band changes come from the daily history: a day whose band differs from the day before (UNKNOWN, the
 * band of missing data, is left out on either side). Their time is the moment that day's point was computed,
 * capped at the end of the day (a back-filled day was computed later).
 */
export const TIMELINE_EVENTS_CTE = `
WITH ev AS (
  SELECT 'MRR_MOVEMENT'::text AS kind, m.effective_at AS at, m.id::text AS id, NULL::uuid AS actor,
         jsonb_build_object('mrr', jsonb_build_object('type', m.type, 'amountCents', m.amount_cents,
           'mrrBeforeCents', m.mrr_before_cents, 'mrrAfterCents', m.mrr_after_cents)) AS d
    FROM mrr_movements m WHERE m.account_id = $1 AND 'MRR_MOVEMENT' = ANY($2::text[])
  UNION ALL
  SELECT 'HEALTH_BAND_CHANGED', LEAST(h.computed_at, (h.day + 1)::timestamp AT TIME ZONE 'UTC' - interval '1 microsecond'),
         to_char(h.day, 'YYYY-MM-DD'), NULL::uuid,
         jsonb_build_object('band', jsonb_build_object('from', h.prev_band, 'to', h.band, 'score', h.score))
    FROM (SELECT day, band, score, computed_at, lag(band) OVER (ORDER BY day) AS prev_band
            FROM health_history WHERE account_id = $1 AND band <> 'UNKNOWN' AND 'HEALTH_BAND_CHANGED' = ANY($2::text[])) h
   WHERE h.prev_band IS NOT NULL AND h.prev_band <> h.band
  UNION ALL
  SELECT 'FLAG_RAISED', f.raised_at, f.type || '@' || to_char(f.raised_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS'), NULL::uuid,
         jsonb_build_object('flag', jsonb_build_object('type', f.type, 'evidence', f.evidence))
    FROM health_flags f WHERE f.account_id = $1 AND 'FLAG_RAISED' = ANY($2::text[])
  UNION ALL
  SELECT 'FLAG_CLEARED', f.cleared_at, f.type || '@' || to_char(f.raised_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS'), NULL::uuid,
         jsonb_build_object('flag', jsonb_build_object('type', f.type, 'evidence', f.evidence))
    FROM health_flags f WHERE f.account_id = $1 AND f.cleared_at IS NOT NULL AND 'FLAG_CLEARED' = ANY($2::text[])
  UNION ALL
  SELECT 'NPS_RESPONSE', n.responded_at, n.id::text, n.recorded_by,
         jsonb_build_object('feedback', jsonb_build_object('score', n.score, 'category', n.category, 'comment', n.comment))
    FROM nps_responses n WHERE n.account_id = $1 AND 'NPS_RESPONSE' = ANY($2::text[])
  UNION ALL
  SELECT 'CSAT_RESPONSE', c.responded_at, c.id::text, c.recorded_by,
         jsonb_build_object('feedback', jsonb_build_object('score', c.score, 'comment', c.comment, 'topic', c.topic))
    FROM csat_responses c WHERE c.account_id = $1 AND 'CSAT_RESPONSE' = ANY($2::text[])
  UNION ALL
  SELECT 'FEEDBACK_NOTE', fn.occurred_at, fn.id::text, fn.recorded_by,
         jsonb_build_object('feedback', jsonb_build_object('comment', fn.text, 'source', fn.source, 'sentiment', fn.sentiment))
    FROM feedback_notes fn WHERE fn.account_id = $1 AND 'FEEDBACK_NOTE' = ANY($2::text[])
  UNION ALL
  SELECT 'TASK_CREATED', t.created_at, t.id::text, t.created_by,
         jsonb_build_object('task', jsonb_build_object('taskId', t.id, 'title', t.title, 'type', t.type, 'status', t.status,
           'outcome', t.outcome, 'dueAt', to_char(t.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
    FROM tasks t WHERE t.account_id = $1 AND 'TASK_CREATED' = ANY($2::text[])
  UNION ALL
  SELECT 'TASK_COMPLETED', t.completed_at, t.id::text, NULL::uuid,
         jsonb_build_object('task', jsonb_build_object('taskId', t.id, 'title', t.title, 'type', t.type, 'status', t.status,
           'outcome', t.outcome, 'dueAt', to_char(t.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
    FROM tasks t WHERE t.account_id = $1 AND t.status = 'DONE' AND t.completed_at IS NOT NULL AND 'TASK_COMPLETED' = ANY($2::text[])
  UNION ALL
  SELECT 'PLAYBOOK_STARTED', r.started_at, r.id::text, r.triggered_by,
         jsonb_build_object('playbookRun', jsonb_build_object('runId', r.id, 'playbookId', r.playbook_id, 'playbookName', p.name,
           'status', r.status, 'outcome', r.outcome, 'triggerKind', r.trigger_kind))
    FROM playbook_runs r JOIN playbooks p ON p.id = r.playbook_id
   WHERE r.account_id = $1 AND r.status <> 'SUPPRESSED' AND 'PLAYBOOK_STARTED' = ANY($2::text[])
  UNION ALL
  SELECT 'PLAYBOOK_ENDED', r.ended_at, r.id::text, NULL::uuid,
         jsonb_build_object('playbookRun', jsonb_build_object('runId', r.id, 'playbookId', r.playbook_id, 'playbookName', p.name,
           'status', r.status, 'outcome', r.outcome, 'triggerKind', r.trigger_kind))
    FROM playbook_runs r JOIN playbooks p ON p.id = r.playbook_id
   WHERE r.account_id = $1 AND r.ended_at IS NOT NULL AND r.status <> 'SUPPRESSED' AND 'PLAYBOOK_ENDED' = ANY($2::text[])
  UNION ALL
  SELECT 'OVERRIDE_SET', o.set_at, o.id::text, o.set_by,
         jsonb_build_object('override', jsonb_build_object('band', o.band, 'reason', o.reason,
           'expiresAt', to_char(o.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
    FROM health_overrides o WHERE o.account_id = $1 AND 'OVERRIDE_SET' = ANY($2::text[])
  UNION ALL
  SELECT 'OVERRIDE_CLEARED', o.cleared_at, o.id::text, o.cleared_by,
         jsonb_build_object('override', jsonb_build_object('band', o.band, 'reason', o.reason,
           'expiresAt', to_char(o.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
    FROM health_overrides o
   WHERE o.account_id = $1 AND o.cleared_at IS NOT NULL AND o.cleared_at < o.expires_at AND 'OVERRIDE_CLEARED' = ANY($2::text[])
  UNION ALL
  SELECT 'OVERRIDE_EXPIRED', o.expires_at, o.id::text, NULL::uuid,
         jsonb_build_object('override', jsonb_build_object('band', o.band, 'reason', o.reason,
           'expiresAt', to_char(o.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
    FROM health_overrides o
   WHERE o.account_id = $1 AND o.expires_at <= now() AND (o.cleared_at IS NULL OR o.cleared_at >= o.expires_at)
     AND 'OVERRIDE_EXPIRED' = ANY($2::text[])
  UNION ALL
  SELECT 'CHURN_REASON', cr.recorded_at, cr.id::text, cr.recorded_by,
         jsonb_build_object('churnReason', jsonb_build_object('reason', cr.reason, 'detail', cr.detail))
    FROM churn_reasons cr WHERE cr.account_id = $1 AND 'CHURN_REASON' = ANY($2::text[])
)`;

export const TIMELINE_PAGE_SQL = `${TIMELINE_EVENTS_CTE}
SELECT kind, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text, id, actor, d
  FROM ev
 WHERE $3::timestamptz IS NULL OR (at, kind, id) < ($3::timestamptz, $4::text, $5::text)
 ORDER BY at DESC, kind DESC, id DESC
 LIMIT $6`;

/** The number of events of the wanted kinds ($1, $2 only). */
export const TIMELINE_COUNT_SQL = `${TIMELINE_EVENTS_CTE}
SELECT count(*)::int AS n FROM ev`;
