import fc from 'fast-check';
import { InputValue, NamedType, SchemaInfo, TypeRef } from './fuzz-schema';

/**
 * Fuzzing helpers, value side: fast-check arbitraries for any GraphQL input type of the live schema, mixing
 * plausible values (so cases get past coercion and into resolvers, services and SQL) with hostile ones
 * (wrong types, out-of-range numbers and dates, unicode and NUL bytes, SQL-looking text, deep JSON).
 */

export interface FuzzPools {
  /** Ids of rows that exist (any table, any owner): "valid UUIDs of something", often someone else's. */
  realIds: string[];
  /** Values some string fields must match to get deep (e.g. existing accounts' external ids). */
  externalIds: string[];
  /** Existing ids per table, so that `accountId` mostly gets account ids (of any owner). */
  idsByTable: Record<string, string[]>;
  /** Page cursors the service handed out (any list), for `after`/`before` arguments. */
  cursors?: string[];
}

/** `accountId`/`accountIds` → accounts, `playbookRunId` → playbook_runs, `ownerId` → users… (null: no such table). */
export function tableForIdField(fieldName: string, pools: FuzzPools): string | null {
  const m = /^(.*?)Ids?$/.exec(fieldName);
  if (!m || !m[1]) return null;
  const stem = m[1].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/^_/, '');
  if (['owner', 'assignee', 'actor', 'user', 'csm'].includes(stem)) return 'users';
  for (const t of [`${stem}s`, stem, `${stem}es`]) if (pools.idsByTable[t]?.length) return t;
  return null;
}

export const SQLISH = [
  "'; DROP TABLE accounts; --",
  "Robert'); DROP TABLE users;--",
  "' OR '1'='1",
  '1; SELECT pg_sleep(10)',
  '$$; TRUNCATE audit_log; $$',
  '%',
  '_',
  '\\',
  "E'\\x00'",
];

export const HOSTILE_STRINGS = [
  '',
  ' ',
  '   padded   ',
  '\n\r\t',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uDFFF',
  '👨‍👩‍👧‍👦🏳️‍🌈🙂',
  'مرحبا بالعالم',
  'שלום \u202Eevil\u202C',
  'e\u0301\u0301\u0301\u0301\u0301',
  'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359',
  '\u200B\u200C\u200D\uFEFF',
  'NaN',
  'Infinity',
  '-Infinity',
  'null',
  'undefined',
  'true',
  '0',
  '-0',
  '1e308',
  '9007199254740993',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '../../etc/passwd',
  'x'.repeat(300),
  '💥'.repeat(2000),
  'y'.repeat(70_000),
  ...SQLISH,
];

const arbString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 200, maxLength: 3000 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_.]{0,20}$/) },
);

/** Wrong-type values: what a buggy or malicious client may put anywhere. */
export const arbWrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 'str', '', [], {}, [1, 'a'], { a: 1 }, [[]], { id: {} }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 10 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

const INT_EDGES = [
  0,
  -0,
  1,
  -1,
  2,
  5,
  7,
  9,
  10,
  11,
  30,
  90,
  365,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  1e308,
  -1e308,
  5e-324,
  0.5,
  1.5,
];
const arbInt = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -5, max: 400 }) },
  { weight: 2, arbitrary: fc.constantFrom(...INT_EDGES) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('1', 'NaN', 'Infinity', '-0', '0x10', '1e3') },
);
const arbFloat = fc.oneof(
  { weight: 3, arbitrary: fc.double({ min: -10, max: 200, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(...INT_EDGES, 0.1, 1e-300, -1e-300, 99.999999999, 1 - 1e-16) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('NaN', 'Infinity', '-Infinity', '1.5', '') },
);
const arbCents = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 10_000_000 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...INT_EDGES, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 63, 99.5),
  },
  { weight: 1, arbitrary: fc.maxSafeInteger() },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('100', 'NaN', 'Infinity', '9223372036854775808') },
);

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const iso = (d: Date) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const DAY = 86_400_000;
// Recent dates get past "not in the future" and "at most N days" rules; the whole allowed range is also used.
const arbRecentDate = fc.integer({ min: -800, max: 30 }).map((d) => new Date(Date.now() + d * DAY));
const arbAnyDate = fc.date({
  min: new Date('1900-01-01T00:00:00Z'),
  max: new Date('2200-12-31T23:59:59Z'),
  noInvalidDate: true,
});
const BAD_DATES = [
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '2025-02-30',
  '2023-02-29',
  '2025-13-01',
  '2025-00-10',
  '1899-12-31',
  '2201-01-01',
  '20250101',
  '+275760-09-13',
  '-000001-01-01',
  '2025-1-1',
  'garbage',
  'NaN',
  '',
];
const arbDate = fc.oneof(
  { weight: 3, arbitrary: arbRecentDate.map(iso) },
  { weight: 1, arbitrary: arbAnyDate.map(iso) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(...BAD_DATES, 20250101, { year: 2025 }) },
);
const BAD_DATETIMES = [
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2025-02-30T00:00:00Z',
  '2025-01-01T25:00:00Z',
  '2025-01-01T00:61:00Z',
  '2025-01-01T00:00:00+99:99',
  '2025-01-01T00:00:00.1234567891234Z',
  '1899-12-31T23:59:59Z',
  '2200-12-31T23:59:59-14:00',
  'Tue, 01 Jan 2025 00:00:00 GMT',
  'now',
  'garbage',
  '',
];
const arbDateTime = fc.oneof(
  { weight: 3, arbitrary: arbRecentDate.map((d) => d.toISOString()) },
  { weight: 1, arbitrary: arbAnyDate.map((d) => d.toISOString()) },
  { weight: 1, arbitrary: arbRecentDate.map((d) => `${iso(d)}T12:00:00+05:30`) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(...BAD_DATETIMES, 1735689600000, -0, { iso: '2025-01-01' }) },
);

/** `{"a":{"a":…}}` or `[[[…]]]` nested `depth` levels (built iteratively). */
export function nestedJson(depth: number, array: boolean): string {
  return array ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

export function nested(depth: number, array: boolean): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = array ? [v] : { a: v };
  return v;
}

const arbJsonObject = fc.oneof(
  { weight: 3, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom(1, 5, 50, 200, 600, 3000).map((d) => ({ deep: nested(d, false) })) },
  { weight: 1, arbitrary: fc.constantFrom(5, 200, 1500).map((d) => ({ deep: nested(d, true) })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      { 'k\u0000': 1 },
      { k: 'v\u0000' },
      { k: '\uD800' },
      { '': '' },
      { feature: "'; DROP TABLE accounts; --" },
      { feature: 'x'.repeat(5000) },
      { sentiment: 'NEGATIVE', priority: 'URGENT' },
      { sentiment: {}, priority: [] },
      { feature: null },
      { n: 1e308, m: -0, big: 2 ** 64 },
      { __proto__: { polluted: true } },
      JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
      Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, i])),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([], [1, 2], 'string', 42, null, '{"a":1}') },
);

const arbUuid = fc.uuid();

export interface ValueContext {
  schema: SchemaInfo;
  pools: FuzzPools;
  /** Chance (0..1) of replacing any value by one of the wrong type. */
  wrongTypeRate: number;
  /** Mostly plausible values (short words, small numbers, recent dates) so that cases reach the services. */
  plausible?: boolean;
}

const arbWord = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _-]{0,15}$/),
  fc.constantFrom('Acme', 'SMB', 'MID', 'ENT', 'note', 'login'),
);

const encodeCursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
const CURSOR_VALUES: unknown[] = [
  null,
  '',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '2025-13-45',
  '2025-01-01T00:00:00Z',
  'x'.repeat(900),
  0,
  -1,
  1.5,
  1e308,
  2 ** 63,
  true,
  {},
  [],
  "'; DROP TABLE accounts; --",
];

/**
 * Cursors: ones the service handed out, the same with one value replaced or dropped or one added (well-formed
 * cursors of the wrong shape), arrays of hostile values, and strings that are no cursor at all.
 */
function cursorArb(ctx: ValueContext): fc.Arbitrary<unknown> {
  const real = ctx.pools.cursors?.length
    ? ctx.pools.cursors
    : [encodeCursor(['Acme', '00000000-0000-0000-0000-000000000000'])];
  const decoded = real.map((c) => JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown[]);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...real) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...decoded),
          fc.nat(),
          fc.constantFrom(...CURSOR_VALUES),
          fc.constantFrom('set', 'drop', 'add'),
        )
        .map(([values, i, v, how]) => {
          const copy = [...values];
          if (how === 'set') copy[i % copy.length] = v;
          else if (how === 'drop') copy.splice(i % copy.length, 1);
          else copy.push(v);
          return encodeCursor(copy);
        }),
    },
    { weight: 2, arbitrary: fc.array(fc.constantFrom(...CURSOR_VALUES), { maxLength: 4 }).map(encodeCursor) },
    { weight: 1, arbitrary: fc.constantFrom('', '!!!', 'bnVsbA', 'e30', 'W10', 'x'.repeat(2000), '\u0000') },
    { weight: 1, arbitrary: arbString },
  );
}

function hinted(name: string, ctx: ValueContext): fc.Arbitrary<unknown> | null {
  const n = name.toLowerCase();
  if (n === 'after' || n === 'before') return cursorArb(ctx);
  if (n.includes('email'))
    return fc.oneof(
      fc.emailAddress(),
      fc.constantFrom('a@b', 'not-an-email', '@@', 'x@y.z\u0000', `${'a'.repeat(300)}@x.io`),
    );
  if (n === 'accountexternalid' || n === 'externalid')
    return fc.oneof(
      fc.constantFrom(...(ctx.pools.externalIds.length ? ctx.pools.externalIds : ['none'])),
      fc.stringMatching(/^[a-z0-9-]{1,30}$/),
    );
  if (n === 'type' || n === 'signaltype')
    return fc.constantFrom(
      'login',
      'feature_used',
      'support_ticket',
      'email_opened',
      'email_ignored',
      'payment_failed',
      'seats',
      'custom.event_1',
      'A',
      '1abc',
      'x'.repeat(65),
    );
  if (n === 'url')
    return fc.oneof(
      fc.webUrl(),
      fc.constantFrom(
        'http://localhost:1/hook',
        'ftp://x.io/a',
        'javascript:alert(1)',
        'http://169.254.169.254/latest/meta-data',
        'https://\u0000.io',
        `https://x.io/${'a'.repeat(5000)}`,
      ),
    );
  if (['reason', 'text', 'description', 'detail', 'comment', 'note'].includes(n))
    return fc.oneof(fc.lorem({ maxCount: 12 }), fc.string({ minLength: 10, maxLength: 200 }));
  if (n === 'score') return fc.oneof(fc.integer({ min: -2, max: 12 }), fc.integer({ min: 0, max: 100 }));
  return null;
}

function scalarArb(name: string, fieldName: string, ctx: ValueContext): fc.Arbitrary<unknown> {
  const hint = hinted(fieldName, ctx);
  let base: fc.Arbitrary<unknown>;
  switch (name) {
    case 'ID': {
      // A table whose ids are all the callers' own (users) has none to offer: fall back to the other ids.
      const found = tableForIdField(fieldName, ctx.pools);
      const table = found && ctx.pools.idsByTable[found]?.length ? found : null;
      base = fc.oneof(
        { weight: table ? 8 : 0, arbitrary: fc.constantFrom(...(table ? ctx.pools.idsByTable[table] : ['x'])) },
        { weight: 5, arbitrary: ctx.pools.realIds.length ? fc.constantFrom(...ctx.pools.realIds) : arbUuid },
        { weight: 3, arbitrary: arbUuid },
        {
          weight: 1,
          arbitrary: fc.constantFrom<unknown>(
            '00000000-0000-0000-0000-000000000000',
            'ffffffff-ffff-ffff-ffff-ffffffffffff',
            'not-a-uuid',
            '',
            42,
            -1,
            '1',
            'e3b0c442-98fc-1c14-9afb-f4c8996fb92',
          ),
        },
        { weight: ctx.plausible ? 0 : 1, arbitrary: arbString },
      );
      break;
    }
    case 'String':
      base = ctx.plausible
        ? fc.oneof({ weight: 5, arbitrary: arbWord }, { weight: 1, arbitrary: arbString })
        : arbString;
      break;
    case 'Int':
      base = ctx.plausible
        ? fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 120 }) }, { weight: 1, arbitrary: arbInt })
        : arbInt;
      break;
    case 'Float':
      base = ctx.plausible
        ? fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 100 }) }, { weight: 1, arbitrary: arbFloat })
        : arbFloat;
      break;
    case 'Boolean':
      base = fc.oneof(
        { weight: ctx.plausible ? 20 : 4, arbitrary: fc.boolean() },
        { weight: 1, arbitrary: fc.constantFrom<unknown>('true', 1, 0) },
      );
      break;
    case 'Cents':
      base = ctx.plausible
        ? fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 1_000_000 }) }, { weight: 1, arbitrary: arbCents })
        : arbCents;
      break;
    case 'Date':
      base = ctx.plausible
        ? fc.oneof({ weight: 4, arbitrary: arbRecentDate.map(iso) }, { weight: 1, arbitrary: arbDate })
        : arbDate;
      break;
    case 'DateTime':
      base = ctx.plausible
        ? fc.oneof(
            { weight: 4, arbitrary: arbRecentDate.map((d) => d.toISOString()) },
            { weight: 1, arbitrary: arbDateTime },
          )
        : arbDateTime;
      break;
    case 'JSON':
      base = arbJsonObject;
      break;
    default:
      // A scalar added later: strings and numbers of every kind.
      base = fc.oneof(arbString, arbFloat, arbDateTime);
  }
  return hint ? fc.oneof({ weight: 2, arbitrary: hint }, { weight: 1, arbitrary: base }) : base;
}

function enumArb(t: NamedType, ctx: ValueContext): fc.Arbitrary<unknown> {
  const names = (t.enumValues ?? []).map((v) => v.name);
  return fc.oneof(
    { weight: ctx.plausible ? 30 : 6, arbitrary: names.length ? fc.constantFrom(...names) : fc.constant('NONE') },
    {
      weight: 1,
      arbitrary: fc.constantFrom<unknown>('NOT_A_VALUE', names[0]?.toLowerCase() ?? 'x', '', 0, ` ${names[0] ?? ''}`),
    },
  );
}

/** An arbitrary for values of `type` (a field or argument called `fieldName`), `depth` input objects deep. */
export function valueArb(type: TypeRef, fieldName: string, ctx: ValueContext, depth = 0): fc.Arbitrary<unknown> {
  const inner = innerArb(type, fieldName, ctx, depth);
  if (ctx.wrongTypeRate <= 0) return inner;
  const wrongWeight = Math.max(1, Math.round(ctx.wrongTypeRate * 100));
  return fc.oneof({ weight: 100 - wrongWeight, arbitrary: inner }, { weight: wrongWeight, arbitrary: arbWrongType });
}

function innerArb(type: TypeRef, fieldName: string, ctx: ValueContext, depth: number): fc.Arbitrary<unknown> {
  if (type.kind === 'NON_NULL') return valueArb(type.ofType!, fieldName, ctx, depth);
  if (type.kind === 'LIST') {
    const item = valueArb(type.ofType!, fieldName, ctx, depth);
    return fc.oneof(
      { weight: 6, arbitrary: fc.array(item, { maxLength: 6 }) },
      { weight: 1, arbitrary: item }, // GraphQL coerces a single value to a list of one
      { weight: 1, arbitrary: fc.constant(null) },
    );
  }
  const named = ctx.schema.types.get(type.name!);
  if (!named) return arbWrongType;
  if (named.kind === 'ENUM') return enumArb(named, ctx);
  if (named.kind === 'INPUT_OBJECT') return inputObjectArb(named, ctx, depth);
  return scalarArb(named.name, fieldName, ctx);
}

function inputObjectArb(t: NamedType, ctx: ValueContext, depth: number): fc.Arbitrary<unknown> {
  if (depth > 4) return fc.constant({});
  const fields = t.inputFields ?? [];
  return fc
    .tuple(
      ...fields.map((f) => fieldArb(f, ctx, depth)),
      // Now and then a field the type does not have (GraphQL must refuse it, prototype keys included).
      fc.oneof(
        { weight: ctx.plausible ? 60 : 10, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom('unknownField', '__proto__', 'constructor'), arbWrongType) },
      ),
    )
    .map((values) => {
      const obj: Record<string, unknown> = {};
      fields.forEach((f, i) => {
        const v = values[i] as { present: boolean; value: unknown };
        if (v.present) obj[f.name] = v.value;
      });
      const extra = values[fields.length] as [string, unknown] | null;
      if (extra)
        Object.defineProperty(obj, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
      return obj;
    });
}

/** `{ present, value }`: required fields are nearly always present; optional ones about half the time. */
export function fieldArb(
  f: InputValue,
  ctx: ValueContext,
  depth: number,
): fc.Arbitrary<{ present: boolean; value: unknown }> {
  const required = f.type.kind === 'NON_NULL' && f.defaultValue === null;
  const value = valueArb(f.type, f.name, ctx, depth + 1);
  return fc.oneof(
    { weight: required ? (ctx.plausible ? 100 : 30) : 10, arbitrary: value.map((v) => ({ present: true, value: v })) },
    { weight: required ? 1 : 8, arbitrary: fc.constant({ present: false, value: undefined }) },
    { weight: 1, arbitrary: fc.constant({ present: true, value: null }) },
  );
}
