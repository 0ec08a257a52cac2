import { customSignalType, effectiveMappings, eventKey, mapMessage, mappingProblem } from '../event-mapping';
import { groupAccountTraits, identifyAccountTraits, traitAt, userKeys } from '../account-traits';
import {
  contentMessageId,
  correctedTimestamp,
  parseSegmentMessage,
  parseSegmentRequest,
  SegmentRequestError,
  walkMessage,
} from '../segment-message';

const receivedAt = new Date('2026-03-10T12:00:00.000Z');
const parse = (
  raw: Record<string, unknown>,
  call: 'track' | 'group' | 'identify' | 'page' | 'screen' | null = 'track',
) => parseSegmentMessage(raw, { call, index: null, batchSentAt: null, receivedAt });

describe('Segment timestamps', () => {
  it('corrects clock skew as Segment: receivedAt − (sentAt − originalTimestamp)', () => {
    // Client clock 10 minutes fast: it says the event happened at 12:05 and was sent at 12:09:30; received at 12:00.
    const t = correctedTimestamp(new Date('2026-03-10T12:05:00Z'), new Date('2026-03-10T12:09:30Z'), receivedAt);
    expect(t.toISOString()).toBe('2026-03-10T11:55:30.000Z');
  });
  it('uses the client moment as is without sentAt, receivedAt without any, never after receivedAt', () => {
    expect(correctedTimestamp(new Date('2026-01-01T00:00:00Z'), null, receivedAt).toISOString()).toBe(
      '2026-01-01T00:00:00.000Z',
    );
    expect(correctedTimestamp(null, null, receivedAt)).toEqual(receivedAt);
    // "happened" after it was sent: placed at arrival
    expect(correctedTimestamp(new Date('2026-03-10T13:00:00Z'), new Date('2026-03-10T12:00:00Z'), receivedAt)).toEqual(
      receivedAt,
    );
  });
  it('prefers originalTimestamp over timestamp, and a message sentAt over the batch one', () => {
    const m = parseSegmentMessage(
      {
        userId: 'u',
        event: 'x',
        timestamp: '2026-03-10T08:00:00Z',
        originalTimestamp: '2026-03-10T09:00:00Z',
        sentAt: '2026-03-10T09:30:00Z',
      },
      { call: 'track', index: null, batchSentAt: new Date('2026-03-10T10:00:00Z'), receivedAt },
    );
    expect(m.occurredAt.toISOString()).toBe('2026-03-10T11:30:00.000Z');
  });
});

describe('Segment message validation', () => {
  it('refuses what Segment refuses', () => {
    expect(() => parse({ event: 'x' })).toThrow('userId or anonymousId is required');
    expect(() => parse({ userId: 'u' })).toThrow('event is required for track');
    expect(() => parse({ userId: 'u', event: '  ' })).toThrow('event is required for track');
    expect(() => parse({ userId: 'u' }, 'group')).toThrow('groupId is required for group');
    expect(() => parse({ userId: {}, event: 'x' })).toThrow('userId must be a string');
    expect(() => parse({ userId: 'u', event: 'x', properties: [] })).toThrow('properties must be an object');
    expect(() => parse({ userId: 'u', event: 'x' }, null)).toThrow('type must be one of');
    expect(() => parse({ userId: 'u\ud800', event: 'x' })).toThrow('userId must be well-formed Unicode');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => parse({ userId: 'u', event: 'x', properties: { deep } })).toThrow('nested more than 64 levels deep');
  });
  it('accepts numeric ids and hashes a missing messageId from the content (a retry dedupes)', () => {
    const m = parse({ userId: 42, event: 'x' });
    expect(m.userId).toBe('42');
    expect(m.messageId).toBe(contentMessageId({ userId: 42, event: 'x' }));
    expect(contentMessageId({ userId: 42, event: 'x', sentAt: 'a' })).toBe(
      contentMessageId({ userId: 42, event: 'x', sentAt: 'b' }),
    );
  });
  it('checks batch limits and keeps the first of repeated messageIds', () => {
    const msg = { type: 'track', userId: 'u', event: 'x', messageId: 'm1' };
    const r = parseSegmentRequest({ batch: [msg, msg, { ...msg, messageId: 'm2' }] }, 100, null, receivedAt);
    expect(r.messages.map((m) => m.messageId)).toEqual(['m1', 'm2']);
    expect(r.repeats).toBe(1);
    expect(() => parseSegmentRequest({ batch: [] }, 500 * 1024 + 1, null, receivedAt)).toThrow('larger than 500 KB');
    expect(() => parseSegmentRequest(msg, 32 * 1024 + 1, 'track', receivedAt)).toThrow('larger than 32 KB');
    const err = (() => {
      try {
        parseSegmentRequest({ batch: [msg, { type: 'track', event: 'x', messageId: 'bad' }] }, 100, null, receivedAt);
      } catch (e) {
        return e as SegmentRequestError;
      }
    })();
    expect(err).toBeInstanceOf(SegmentRequestError);
    expect(err?.index).toBe(1);
    expect(err?.messageId).toBe('bad');
  });
});

describe('the one walk of a batch message (depth, size bound)', () => {
  const samples: unknown[] = [
    { type: 'track', userId: 'u-1', event: 'Signed In', properties: { n: -1.7976931348623157e308, ok: true } },
    { s: '\u0000\u0001\u001f"\\\n', k: ['é', '€', '😀', '\uD800', null, false, 0.1] },
    { ['\u0001'.repeat(50)]: 'x'.repeat(1000), nested: { a: [[[{ b: 'ü'.repeat(300) }]]] } },
    [],
    {},
    'just a string \u2028',
  ];
  it('never bounds a message below its JSON size (so a message over 32 KB is always measured)', () => {
    for (const v of samples) {
      const exact = Buffer.byteLength(JSON.stringify(v), 'utf8');
      expect(walkMessage(v, 64, exact - 1)).toBe('large');
    }
  });
  it('finds nesting deeper than the limit, and passes the limit itself', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 3; i++) deep = { d: deep }; // 3 object levels
    expect(walkMessage(deep, 3, Infinity)).toBe('ok');
    expect(walkMessage(deep, 2, Infinity)).toBe('deep');
    expect(walkMessage({ a: 1 }, 64, 1_000)).toBe('ok');
  });
});

describe('event mapping', () => {
  const table = effectiveMappings([]);
  const track = (event: string, properties: Record<string, unknown> = {}) => parse({ userId: 'u', event, properties });
  it('maps the defaults by key whatever the spelling', () => {
    expect(eventKey('Signed In')).toBe('signed_in');
    expect(mapMessage(track('SIGNED-IN'), table)).toMatchObject({ type: 'login', quantity: 1 });
    expect(mapMessage(track('logged_in'), table)).toMatchObject({ type: 'login' });
    expect(mapMessage(track('Feature Used', { feature: 'reports' }), table)).toMatchObject({
      type: 'feature_used',
      properties: { feature: 'reports' },
    });
    expect(mapMessage(track('Ticket Created', { sentiment: 'negative' }), table)).toMatchObject({
      type: 'support_ticket',
    });
    expect(mapMessage(track('Seats Updated', { seats: 12 }), table)).toMatchObject({ type: 'seats', quantity: 12 });
    expect(mapMessage(track('Feature Used'), table)).toEqual({
      reason: '"Feature Used" maps to feature_used but has no feature (properties.feature)',
    });
  });
  it('makes a custom type from any other event name', () => {
    expect(customSignalType('Report Exported!')).toBe('report_exported');
    expect(customSignalType('2FA Enabled')).toBe('e_2fa_enabled');
    expect(customSignalType('注文')).toMatch(/^event_[0-9a-f]{8}$/);
    expect(customSignalType('x'.repeat(100))).toHaveLength(64);
  });
  it('page and screen are page views; properties over 4 KB are cut to their essentials', () => {
    expect(mapMessage(parse({ userId: 'u', name: 'Home' }, 'screen'), table)).toMatchObject({
      type: 'page_view',
      properties: { name: 'Home', screen: true },
    });
    const big = mapMessage(track('Feature Used', { feature: 'reports', blob: 'x'.repeat(5000) }), table);
    expect(big).toEqual({
      type: 'feature_used',
      properties: { _truncated: true, feature: 'reports' },
      quantity: 1,
      truncated: true,
    });
  });
  it("a source's rule wins over the default; rules are checked", () => {
    const own = effectiveMappings([{ eventName: 'Logged In', signalType: 'session_start' }]);
    expect(mapMessage(track('Logged In'), own)).toMatchObject({ type: 'session_start' });
    expect(mappingProblem({ eventName: '!!', signalType: 'login' })).toMatch(/eventName/);
    expect(mappingProblem({ eventName: 'x', signalType: 'Login' })).toMatch(/signalType/);
    expect(mappingProblem({ eventName: 'x', signalType: 'login', feature: 'f' })).toMatch(/feature_used only/);
  });
});

describe('account traits', () => {
  const settings = { segmentTrait: 'plan', ownerEmailTrait: 'ownerEmail' };
  it('reads a group call: name, plan → segment, owner e-mail, createdAt → customer since, industry', () => {
    const m = parse(
      {
        userId: 'u',
        groupId: 'acme',
        traits: { name: ' Acme ', plan: 'Pro', ownerEmail: 'CSM@X.io', createdAt: 1709251200, industry: 'Retail' },
      },
      'group',
    );
    expect(groupAccountTraits(m, settings)).toEqual({
      externalId: 'acme',
      name: 'Acme',
      segment: 'Pro',
      ownerEmail: 'csm@x.io',
      customerSince: new Date('2024-03-01T00:00:00Z'),
      industry: 'Retail',
    });
    expect(groupAccountTraits(m, { segmentTrait: 'company.tier', ownerEmailTrait: 'csm' })).not.toHaveProperty(
      'segment',
    );
    expect(traitAt({ company: { tier: 'Gold' } }, 'company.tier')).toBe('Gold');
  });
  it('reads the company of an identify call; keys users in two namespaces', () => {
    expect(
      identifyAccountTraits(parse({ userId: 'u', traits: { company: { id: 7, name: 'Seven' } } }, 'identify')),
    ).toEqual({
      externalId: '7',
      name: 'Seven',
    });
    expect(identifyAccountTraits(parse({ userId: 'u', traits: { accountExternalId: 'crm-1' } }, 'identify'))).toEqual({
      externalId: 'crm-1',
    });
    expect(identifyAccountTraits(parse({ userId: 'u', traits: { email: 'a@b.c' } }, 'identify'))).toBeNull();
    expect(userKeys({ userId: 'x', anonymousId: 'x' })).toEqual(['u:x', 'a:x']);
  });
});
