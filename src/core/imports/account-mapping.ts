/**
 * Mapped account imports: a mapping (JSON) says which column of someone else's export fills each account field,
 * with transforms for dates and money; the mapped row then goes through the same validation as our own CSV.
 *
 *   { "externalId": "Record ID",
 *     "name": ["Company name", "Name"],                       ← the first of these columns with a value
 *     "customerSince": { "column": "Became a Customer Date", "date": "YMD" },
 *     "mrrCents": { "column": "ARR", "money": "units", "per": "year" },
 *     "segment": { "column": "Tier", "values": { "Ent": "Enterprise" } } }
 */

export const MAPPING_TARGETS = [
  'externalId',
  'name',
  'segment',
  'industry',
  'ownerEmail',
  'customerSince',
  'renewalDate',
  'mrrCents',
] as const;
export type MappingTarget = (typeof MAPPING_TARGETS)[number];

export type DateOrder = 'iso' | 'YMD' | 'MDY' | 'DMY' | 'epoch-s' | 'epoch-ms';
export const DATE_ORDERS: readonly DateOrder[] = ['iso', 'YMD', 'MDY', 'DMY', 'epoch-s', 'epoch-ms'];

export interface FieldRule {
  columns: string[];
  date?: DateOrder;
  money?: 'units' | 'cents';
  /** The money column's period: a yearly amount (ARR) is divided by 12. */
  per?: 'month' | 'year';
  /** Decimal separator of money written with one ("1.234,56" → ","). */
  decimal?: '.' | ',';
  values?: Record<string, string>;
}

export type AccountMapping = Partial<Record<MappingTarget, FieldRule>>;

export class MappingError extends Error {}

const DATE_TARGETS = new Set<MappingTarget>(['customerSince', 'renewalDate']);

/** Validates a mapping file's JSON; throws MappingError naming the bad entry. */
export function parseMapping(json: unknown): AccountMapping {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new MappingError('the mapping must be a JSON object: { "<field>": "<column>" | { "column": … } }');
  const out: AccountMapping = {};
  for (const [target, spec] of Object.entries(json as Record<string, unknown>)) {
    if (!(MAPPING_TARGETS as readonly string[]).includes(target))
      throw new MappingError(`unknown field "${target}" (fields: ${MAPPING_TARGETS.join(', ')})`);
    const t = target as MappingTarget;
    const rule: FieldRule = { columns: [] };
    const columnsOf = (v: unknown): string[] | null =>
      typeof v === 'string' && v.trim()
        ? [v]
        : Array.isArray(v) && v.length && v.every((c) => typeof c === 'string' && c.trim())
          ? (v as string[])
          : null;
    const direct = columnsOf(spec);
    if (direct) rule.columns = direct;
    else if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) {
      const s = spec as Record<string, unknown>;
      const cols = columnsOf(s.column);
      if (!cols) throw new MappingError(`${t}.column must be a column name or a list of them`);
      rule.columns = cols;
      if (s.date !== undefined) {
        if (!DATE_TARGETS.has(t)) throw new MappingError(`${t}: "date" applies to customerSince and renewalDate`);
        if (!DATE_ORDERS.includes(s.date as DateOrder))
          throw new MappingError(`${t}.date must be one of ${DATE_ORDERS.join(', ')}`);
        rule.date = s.date as DateOrder;
      }
      if (s.money !== undefined || s.per !== undefined || s.decimal !== undefined) {
        if (t !== 'mrrCents') throw new MappingError(`${t}: "money", "per" and "decimal" apply to mrrCents`);
        if (s.money !== undefined && s.money !== 'units' && s.money !== 'cents')
          throw new MappingError('mrrCents.money must be "units" (e.g. 1,234.50) or "cents"');
        if (s.per !== undefined && s.per !== 'month' && s.per !== 'year')
          throw new MappingError('mrrCents.per must be "month" or "year"');
        if (s.decimal !== undefined && s.decimal !== '.' && s.decimal !== ',')
          throw new MappingError('mrrCents.decimal must be "." or ","');
        rule.money = s.money ?? 'units';
        rule.per = s.per;
        rule.decimal = s.decimal;
      }
      if (s.values !== undefined) {
        const v = s.values;
        if (
          typeof v !== 'object' ||
          v === null ||
          Array.isArray(v) ||
          !Object.values(v).every((x) => typeof x === 'string')
        )
          throw new MappingError(`${t}.values must map source values to text`);
        rule.values = v as Record<string, string>;
      }
    } else throw new MappingError(`${t} must be a column name, a list of them, or { "column": … }`);
    out[t] = rule;
  }
  for (const required of ['externalId', 'name'] as const)
    if (!out[required]) throw new MappingError(`the mapping must say which column holds ${required}`);
  return out;
}

/** Header names compare case-insensitively, ignoring surrounding spaces. */
const norm = (s: string) => s.trim().toLowerCase();

/** The targets whose columns are all absent from the header (a file-level problem, before any row). */
export function missingColumns(mapping: AccountMapping, header: readonly string[]): string[] {
  const have = new Set(header.map(norm));
  return (['externalId', 'name'] as const)
    .filter((t) => !mapping[t]!.columns.some((c) => have.has(norm(c))))
    .map((t) => `${t} (${mapping[t]!.columns.map((c) => JSON.stringify(c)).join(' or ')})`);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date cell in the given order → 'YYYY-MM-DD' (or ISO-8601 for an instant); null when it is not one. */
export function parseDateCell(value: string, order: DateOrder): string | null {
  const v = value.trim();
  if (order === 'epoch-s' || order === 'epoch-ms') {
    if (!/^\d{1,13}$/.test(v)) return null;
    const d = new Date(Number(v) * (order === 'epoch-s' ? 1000 : 1));
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (order === 'iso')
    return /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) ? v.replace(' ', 'T') : null;
  // Any of / - . as separators; an optional time after the date (ignored: these are calendar dates).
  const m =
    /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:[AaPp][Mm])?(?:Z)?)?$/.exec(
      v,
    );
  if (!m) return null;
  const [a, b, c] = [m[1], m[2], m[3]].map(Number);
  const [y, mo, d] = order === 'YMD' ? [a, b, c] : order === 'MDY' ? [c, a, b] : [c, b, a];
  const year = y < 100 ? 2000 + y : y;
  const date = new Date(Date.UTC(year, mo - 1, d));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${year}-${pad(mo)}-${pad(d)}`;
}

/** A money cell → integer cents as text; null when it is not an amount. "$1,234.50" → "123450". */
export function parseMoneyCell(value: string, rule: FieldRule): string | null {
  const decimal = rule.decimal ?? '.';
  const thousands = decimal === '.' ? ',' : '.';
  // Currency symbols and codes, spaces (also non-breaking) and thousands separators go; the rest must be a number.
  const cleaned = value
    .replace(/[A-Za-z$€£¥\s\u00a0]/g, '')
    .split(thousands)
    .join('')
    .replace(decimal, '.');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  let cents = rule.money === 'cents' ? Number(cleaned) : Number(cleaned) * 100;
  if (rule.money === 'cents' && !Number.isInteger(cents)) return null;
  if (rule.per === 'year') cents /= 12;
  cents = Math.round(cents);
  return Number.isSafeInteger(cents) ? String(cents) : null;
}

/**
 * One record of the source file → the record our own CSV would have (`externalId`, `name`, …), or the problems
 * of its cells. Blank cells stay blank (optional fields then mean "none", as in our CSV).
 */
export function applyMapping(
  mapping: AccountMapping,
  record: Record<string, string | undefined>,
): { record: Record<string, string> } | { problems: string[] } {
  const byNorm = new Map(Object.entries(record).map(([k, v]) => [norm(k), v ?? '']));
  const out: Record<string, string> = {};
  const problems: string[] = [];
  for (const [target, rule] of Object.entries(mapping) as Array<[MappingTarget, FieldRule]>) {
    const column = rule.columns.find((c) => (byNorm.get(norm(c)) ?? '').trim() !== '');
    let value = column ? byNorm.get(norm(column))!.trim() : '';
    if (!value) continue;
    if (rule.values) value = rule.values[value] ?? value;
    if (rule.date) {
      const d = parseDateCell(value, rule.date);
      if (!d) problems.push(`${target}: "${value.slice(0, 40)}" in column "${column}" is not a ${rule.date} date`);
      else out[target] = d;
    } else if (rule.money) {
      const c = parseMoneyCell(value, rule);
      if (c === null) problems.push(`${target}: "${value.slice(0, 40)}" in column "${column}" is not an amount`);
      else out[target] = c;
    } else out[target] = value;
  }
  return problems.length ? { problems } : { record: out };
}
