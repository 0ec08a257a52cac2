import { isRejection, mergePartitionOf, monthKey, retentionCutoff, validateSignal, ValidSignal } from '../validate';

const now = Date.UTC(2026, 10, 23, 12, 0, 0); // 2026-11-23T12:00:00Z
const window = { now, oldest: retentionCutoff(new Date(now), 25) };
const base = { id: 'e1', accountExternalId: 'A1', type: 'login', occurredAt: '2026-11-23T11:00:00Z' };
const reason = (raw: unknown) => {
  const v = validateSignal(raw, window);
  return isRejection(v) ? v.reason : null;
};

describe('validateSignal', () => {
  it('normalises a valid signal (quantity 1 by default, millisecond instant, no properties)', () => {
    const v = validateSignal({ ...base, occurredAt: '2026-11-23T11:00:00.123456Z' }, window) as ValidSignal;
    expect(v).toEqual({
      id: 'e1',
      accountId: null,
      accountExternalId: 'A1',
      type: 'login',
      occurredAt: new Date('2026-11-23T11:00:00.123Z'),
      quantity: 1,
      properties: null,
      feature: null,
      sentiment: null,
    });
  });

  it('retention cutoff is the first day of the month N months before the current one', () => {
    expect(retentionCutoff(new Date(now), 25).toISOString()).toBe('2024-10-01T00:00:00.000Z');
    expect(monthKey(new Date('2026-02-28T23:59:59Z'))).toBe('2026-02-01');
  });

  it('checks the type pattern', () => {
    expect(reason({ ...base, type: 'a' })).toBeNull();
    expect(reason({ ...base, type: 'page.view_2' })).toBeNull();
    expect(reason({ ...base, type: 'a'.repeat(64) })).toBeNull();
    expect(reason({ ...base, type: 'a'.repeat(65) })).toMatch(/bad type/);
    expect(reason({ ...base, type: 'Login' })).toMatch(/bad type/);
    expect(reason({ ...base, type: '1login' })).toMatch(/bad type/);
    expect(reason({ ...base, type: 'log-in' })).toMatch(/bad type/);
  });

  it('allows at most 5 minutes of clock skew into the future and nothing older than retention', () => {
    expect(reason({ ...base, occurredAt: new Date(now + 5 * 60 * 1000).toISOString() })).toBeNull();
    expect(reason({ ...base, occurredAt: new Date(now + 5 * 60 * 1000 + 1).toISOString() })).toMatch(/future/);
    expect(reason({ ...base, occurredAt: '2024-10-01T00:00:00Z' })).toBeNull();
    expect(reason({ ...base, occurredAt: '2024-09-30T23:59:59Z' })).toMatch(/retention/);
    expect(reason({ ...base, occurredAt: 'yesterday' })).toMatch(/occurredAt/);
  });

  it('needs exactly one account reference, and accountId must be a UUID', () => {
    expect(reason({ id: 'x', type: 'login', occurredAt: base.occurredAt })).toMatch(/accountId or accountExternalId/);
    expect(reason({ ...base, accountId: '8c1e5a0e-1111-4111-8111-111111111111' })).toMatch(/only one/);
    expect(reason({ id: 'x', accountId: 'nope', type: 'login', occurredAt: base.occurredAt })).toBe(
      'unknown account nope',
    );
  });

  it('limits properties to a 4 KB JSON object', () => {
    const key = 'k';
    // {"k":"…"} is 8 bytes of syntax around the value.
    expect(reason({ ...base, properties: { [key]: 'x'.repeat(4096 - 8) } })).toBeNull();
    expect(reason({ ...base, properties: { [key]: 'x'.repeat(4096 - 7) } })).toMatch(/4096 bytes/);
    expect(reason({ ...base, properties: [1, 2] })).toMatch(/JSON object/);
  });

  it('refuses what PostgreSQL cannot store or a serialiser cannot walk: NUL, unpaired surrogates, deep nesting', () => {
    expect(reason({ ...base, id: 'a\u0000b' })).toMatch(/^id: .*NUL/);
    expect(reason({ id: 'x', type: 'login', occurredAt: base.occurredAt, accountExternalId: 'ext\u0000' })).toMatch(
      /accountExternalId: .*NUL/,
    );
    expect(reason({ ...base, properties: { k: 'a\u0000b' } })).toMatch(/^properties: must not contain NUL/);
    expect(reason({ ...base, properties: { 'k\u0000': 1 } })).toMatch(/^properties: keys must not/);
    expect(reason({ ...base, properties: { k: ['x\uD800'] } })).toMatch(/unpaired surrogates/);
    expect(reason({ ...base, properties: { k: '\uDFFFx' } })).toMatch(/unpaired surrogates/);
    // A proper pair (an emoji) and an escaped-looking text are fine.
    expect(reason({ ...base, properties: { k: '\uD83D\uDE00', t: '\\u0000' } })).toBeNull();
    // {k: …} with 31 more levels is 32 deep: allowed; one more is refused (20,000 levels must not overflow).
    let ok: unknown = 1;
    for (let i = 0; i < 31; i++) ok = [ok];
    expect(reason({ ...base, properties: { k: ok } })).toBeNull();
    expect(reason({ ...base, properties: { k: [ok] } })).toMatch(/nested more than 32 levels/);
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    expect(reason({ ...base, properties: { k: deep } })).toMatch(/nested more than 32 levels/);
  });

  it('reads the meaning of known types', () => {
    const f = validateSignal(
      { ...base, type: 'feature_used', properties: { feature: 'reports' } },
      window,
    ) as ValidSignal;
    expect(f.feature).toBe('reports');
    expect(reason({ ...base, type: 'feature_used' })).toMatch(/properties.feature/);
    const t = validateSignal(
      { ...base, type: 'support_ticket', properties: { sentiment: 'Negative', priority: 'high' } },
      window,
    ) as ValidSignal;
    expect(t.sentiment).toBe('negative');
    expect(reason({ ...base, type: 'support_ticket', properties: { sentiment: 'angry' } })).toMatch(/sentiment/);
    expect(reason({ ...base, type: 'seats', quantity: 12 })).toBeNull();
    expect(reason({ ...base, type: 'seats', quantity: -1 })).toMatch(/seat count/);
    expect(reason({ ...base, quantity: 'many' })).toMatch(/quantity/);
  });

  it('reports the id when readable', () => {
    const v = validateSignal({ ...base, type: 'BAD' }, window);
    expect(isRejection(v) && v.id).toBe('e1');
    expect(validateSignal('nope', window)).toEqual({ reason: 'must be a JSON object', id: null });
  });
});

describe('mergePartitionOf', () => {
  it('is FNV-1a of the account reference modulo the partitions (published test vectors)', () => {
    // FNV-1a 32-bit: "a" → 0xe40c292c = 3,826,002,220; "foobar" → 0xbf9cf968 = 3,214,735,720.
    expect(mergePartitionOf({ accountId: 'a', accountExternalId: null }, 1000)).toBe(220);
    expect(mergePartitionOf({ accountId: null, accountExternalId: 'foobar' }, 1000)).toBe(720);
    expect(mergePartitionOf({ accountId: null, accountExternalId: 'foobar' }, 7)).toBe(0);
  });

  it('sends every event of one reference to one partition, and spreads references over all partitions', () => {
    const counts = [0, 0];
    for (let i = 0; i < 1000; i++) {
      const ref = { accountId: null, accountExternalId: `ACME-${i}` };
      const p = mergePartitionOf(ref, 2);
      expect(mergePartitionOf(ref, 2)).toBe(p);
      counts[p]++;
    }
    expect(Math.min(...counts)).toBeGreaterThan(400);
    expect(mergePartitionOf({ accountId: 'x', accountExternalId: null }, 1)).toBe(0);
  });
});
