import { UUID_RE } from '../ids';

const MAX_IDS = 50;

/**
 * The ids a mutation touched, for the audit log: UUID values found under id-like keys (`id`, `accountId`,
 * `accountIds`, …) of its arguments and of its result. Other values (names, keys, free text) are never kept.
 */
export function collectTargetIds(...sources: unknown[]): string[] {
  const out = new Set<string>();
  const visit = (value: unknown, key: string, depth: number) => {
    if (out.size >= MAX_IDS || depth > 6 || value === null || value === undefined) return;
    if (typeof value === 'string') {
      if (/(^id$|Id$|Ids$|^ids$)/.test(key) && UUID_RE.test(value)) out.add(value.toLowerCase());
      return;
    }
    if (Array.isArray(value)) {
      for (const v of value.slice(0, MAX_IDS)) visit(v, key, depth + 1);
      return;
    }
    if (typeof value === 'object' && !(value instanceof Date)) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) visit(v, k, depth + 1);
    }
  };
  for (const s of sources) visit(s, '', 0);
  return [...out];
}
