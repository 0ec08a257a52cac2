/**
 * The daily rollups of the health and API benchmarks, generated set-based in one statement: every account
 * has its own activity level (0–0.99, from a hash of its id); each day and type is present with probability
 * activity × the type's weight, decided by a hash of (account, day, type) — deterministic, and per day: a
 * condition on the account and type alone would be evaluated once per account × type by the planner (it
 * was: accounts then had a type every day or never, which hid the sparse accounts real books have).
 */
export function rollupsInsertSql(days: number): string {
  return `INSERT INTO signal_daily (account_id, day, type, count, quantity, features, tickets_positive, tickets_neutral, tickets_negative)
     SELECT a.id, d.day, t.type,
            CASE WHEN t.type = 'login' THEN 1 + (hashtext(a.id::text || d.day::text) & 3) ELSE 1 END,
            1,
            CASE WHEN t.type = 'feature_used' THEN ARRAY['f' || (abs(hashtext(a.id::text || d.day::text)) % 9)::text] ELSE '{}' END,
            0, 0, CASE WHEN t.type = 'support_ticket' AND (hashtext(a.id::text || d.day::text) & 1) = 1 THEN 1 ELSE 0 END
       FROM accounts a
       CROSS JOIN LATERAL (SELECT (abs(hashtext(a.id::text)) % 100) / 100.0 AS activity) p
       CROSS JOIN generate_series(current_date - ${days - 1}, current_date, interval '1 day') AS d(day)
       CROSS JOIN (VALUES ('login', 1.0), ('feature_used', 0.6), ('support_ticket', 0.05), ('email_opened', 0.1), ('email_ignored', 0.1)) AS t(type, w)
      WHERE (abs(hashtext(a.id::text || d.day::text || t.type)) % 10000) / 10000.0 < p.activity * t.w
     ON CONFLICT DO NOTHING`;
}
