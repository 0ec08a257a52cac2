import { visibleAccountSql } from '../../common/auth/account-access';
import { activeOverrideJoin, SHOWN_BAND_SQL } from '../../common/database/effective-band.sql';

/** The CSM scorecard's extra statements; $1 (or the last parameter) = one owner, NULL = every owner. */

/** Book owners (users who own accounts now) with their account count (any status). */
export const SCORECARD_OWNERS_SQL = `
SELECT u.id, u.name, u.email, u.role, count(a.id)::int AS accounts
  FROM users u JOIN accounts a ON a.owner_id = u.id
 WHERE ($1::uuid IS NULL OR u.id = $1::uuid)
 GROUP BY u.id ORDER BY u.name, u.id`;

/**
 * Per owner, over their live (not churned) accounts now: the band people see (override included) and the mean
 * computed score of those that have one.
 */
export const SCORECARD_HEALTH_SQL = `
SELECT a.owner_id,
       count(*) FILTER (WHERE ${SHOWN_BAND_SQL} = 'GREEN')::int AS green,
       count(*) FILTER (WHERE ${SHOWN_BAND_SQL} = 'YELLOW')::int AS yellow,
       count(*) FILTER (WHERE ${SHOWN_BAND_SQL} = 'RED')::int AS red,
       count(*) FILTER (WHERE ${SHOWN_BAND_SQL} = 'UNKNOWN')::int AS unknown
  FROM accounts a LEFT JOIN health_current h ON h.account_id = a.id ${activeOverrideJoin()}
 WHERE a.owner_id IS NOT NULL AND a.status <> 'CHURNED' AND ${visibleAccountSql('$1')}
 GROUP BY a.owner_id`;

/** Mean current health score per owner over the accounts they own (any status) that have a score. */
export const SCORECARD_AVERAGE_HEALTH_SQL = `
SELECT a.owner_id, avg(h.score)::float8 AS avg
  FROM health_current h JOIN accounts a ON a.id = h.account_id
 WHERE a.owner_id IS NOT NULL AND h.score IS NOT NULL AND ${visibleAccountSql('$1')}
 GROUP BY a.owner_id`;

/**
 * Per assignee: tasks completed in [$1, $2), those completed by their due time, and those overdue at $3 (the
 * period's end or now, whichever is first): created before $3, due before $3 and open at $3 (still OPEN, or DONE
 * at or after $3). Cancelled tasks never count as overdue (when they were cancelled is not recorded).
 */
export const SCORECARD_TASKS_SQL = `
SELECT t.assignee_id,
       count(*) FILTER (WHERE t.status = 'DONE' AND t.completed_at >= $1 AND t.completed_at < $2)::int AS completed,
       count(*) FILTER (WHERE t.status = 'DONE' AND t.completed_at >= $1 AND t.completed_at < $2
                          AND t.completed_at <= t.due_at)::int AS on_time,
       count(*) FILTER (WHERE t.created_at < $3 AND t.due_at < $3
                          AND (t.status = 'OPEN' OR (t.status = 'DONE' AND t.completed_at >= $3)))::int AS overdue
  FROM tasks t
 WHERE ($4::uuid IS NULL OR t.assignee_id = $4::uuid)
 GROUP BY t.assignee_id`;
