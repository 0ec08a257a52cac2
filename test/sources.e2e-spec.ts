import { errorCode, startTestApp, TestApp } from './utils/test-app';

/** Connector sources (issue #21): write keys shown once and hashed, settings, revocation, counters, errors, purge. */
describe('sources', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0', SOURCE_UNATTRIBUTED_MAX_AGE_DAYS: '30' } });
  });
  afterAll(() => t?.close());

  const SOURCE_FIELDS = `id kind name writeKeyPrefix active rateLimitPerMinute segmentTrait ownerEmailTrait unattributedMaxAgeDays
    lastEventAt revokedAt last24h { accepted duplicates rejected unattributed rateLimited }
    unattributed { count oldestReceivedAt oldestPurgeAt } lastErrors { message count detail }`;

  it('creates a source with its write key shown once, stored only as a hash, with defaults resolved', async () => {
    const d = await t.ok(
      `mutation { createSource(input: { kind: SEGMENT, name: "Web app" }) { writeKey source { ${SOURCE_FIELDS} } } }`,
    );
    const { writeKey, source } = d.createSource;
    expect(writeKey).toMatch(/^wk_[A-Za-z0-9_-]{43}$/);
    expect(source).toMatchObject({
      kind: 'SEGMENT',
      name: 'Web app',
      active: true,
      writeKeyPrefix: writeKey.slice(0, 10),
      rateLimitPerMinute: 600000,
      segmentTrait: 'plan',
      ownerEmailTrait: 'ownerEmail',
      unattributedMaxAgeDays: 30,
      lastEventAt: null,
      last24h: { accepted: 0, duplicates: 0, rejected: 0, unattributed: 0, rateLimited: 0 },
      unattributed: { count: 0, oldestReceivedAt: null },
      lastErrors: [],
    });
    const stored = await t.db.query(`SELECT write_key_hash, write_key_prefix FROM sources WHERE id = $1`, [source.id]);
    expect(stored.rows[0].write_key_hash).not.toContain(writeKey);
    expect(JSON.stringify(stored.rows)).not.toContain(writeKey.slice(10));
    // A write key is not an API key: it opens nothing on /graphql.
    expect(errorCode(await t.gql('{ me { id } }', {}, writeKey))).toBe('UNAUTHENTICATED');
  });

  it('validates input (typed errors, nothing written)', async () => {
    const before = await t.count('sources');
    const bad = [
      'mutation { createSource(input: { kind: SEGMENT, name: "" }) { writeKey } }',
      'mutation { createSource(input: { kind: SEGMENT, name: "x", rateLimitPerMinute: -1 }) { writeKey } }',
      'mutation { createSource(input: { kind: SEGMENT, name: "x", segmentTrait: "a b" }) { writeKey } }',
      'mutation { createSource(input: { kind: SEGMENT, name: "x", unattributedMaxAgeDays: 0 }) { writeKey } }',
      'mutation { createSource(input: { kind: SEGMENT, name: "a\\u0000b" }) { writeKey } }',
    ];
    for (const doc of bad) expect(errorCode(await t.gql(doc))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql('mutation { createSource(input: { kind: NOPE, name: "x" }) { writeKey } }'))).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    expect(await t.count('sources')).toBe(before);
    expect(errorCode(await t.gql('mutation { revokeSource(id: "nope") { id } }'))).toBe('NOT_FOUND');
  });

  it('updates settings (null returns to the default) and revokes', async () => {
    const d = await t.ok(
      `mutation { createSource(input: { kind: STRIPE, name: "Billing", rateLimitPerMinute: 0, segmentTrait: "company.tier" }) { source { id rateLimitPerMinute segmentTrait } } }`,
    );
    const id = d.createSource.source.id;
    expect(d.createSource.source).toMatchObject({ rateLimitPerMinute: 0, segmentTrait: 'company.tier' });
    const u = await t.ok(
      `mutation($id: ID!) { updateSource(id: $id, input: { name: "Stripe live", segmentTrait: null, unattributedMaxAgeDays: 7 }) { name segmentTrait rateLimitPerMinute unattributedMaxAgeDays } }`,
      { id },
    );
    expect(u.updateSource).toEqual({
      name: 'Stripe live',
      segmentTrait: 'plan',
      rateLimitPerMinute: 0,
      unattributedMaxAgeDays: 7,
    });
    const r = await t.ok(`mutation($id: ID!) { revokeSource(id: $id) { active revokedAt } }`, { id });
    expect(r.revokeSource.active).toBe(false);
    const list = await t.ok(`{ a: sources { id } b: sources(includeRevoked: true) { id } }`);
    expect(list.a.map((s: { id: string }) => s.id)).not.toContain(id);
    expect(list.b.map((s: { id: string }) => s.id)).toContain(id);
  });

  it('shows counters of the last 24 h, the last event, the backlog and errors; purges old unattributed events with a report', async () => {
    const d = await t.ok(
      `mutation { createSource(input: { kind: SEGMENT, name: "Counted", unattributedMaxAgeDays: 2 }) { source { id } } }`,
    );
    const id = d.createSource.source.id;
    // Counters as the connectors write them (SourceStatsService): a bucket now and one 25 hours ago.
    await t.db.query(
      `INSERT INTO source_stats (source_id, bucket, accepted, duplicates, rejected, unattributed, rate_limited, last_event_at)
       VALUES ($1, date_trunc('hour', now()), 10, 2, 1, 3, 4, now() - interval '1 minute'),
              ($1, date_trunc('hour', now()) - interval '25 hours', 100, 100, 100, 100, 100, now() - interval '25 hours')`,
      [id],
    );
    await t.db.query(
      `INSERT INTO source_unattributed (source_id, id, match_key, reason, occurred_at, received_at, payload) VALUES
         ($1, 'm-old', 'user:u1', 'no account', now() - interval '3 days', now() - interval '3 days', '{}'),
         ($1, 'm-new', 'user:u2', 'no account', now() - interval '1 day', now() - interval '1 day', '{}')`,
      [id],
    );
    const s = (await t.ok(`{ sources { ${SOURCE_FIELDS} } }`)).sources.find((x: { id: string }) => x.id === id);
    expect(s.last24h).toEqual({ accepted: 10, duplicates: 2, rejected: 1, unattributed: 3, rateLimited: 4 });
    expect(Date.now() - Date.parse(s.lastEventAt)).toBeLessThan(5 * 60_000);
    expect(s.unattributed.count).toBe(2);
    const oldest = Date.parse(s.unattributed.oldestReceivedAt);
    expect(Date.now() - oldest).toBeGreaterThan(3 * 86_400_000 - 60_000);
    expect(Date.parse(s.unattributed.oldestPurgeAt) - oldest).toBe(2 * 86_400_000);

    const m = await t.ok(`mutation { runSourceMaintenance { purged } }`);
    expect(m.runSourceMaintenance.purged).toBe(1);
    const after = (await t.ok(`{ sources { ${SOURCE_FIELDS} } }`)).sources.find((x: { id: string }) => x.id === id);
    expect(after.unattributed.count).toBe(1);
    expect(after.lastErrors).toHaveLength(1);
    expect(after.lastErrors[0].message).toBe(
      'Purged unattributed events older than 2 days (no account could be found for them)',
    );
    expect(JSON.parse(after.lastErrors[0].detail)).toMatchObject({ purged: 1, keys: ['user:u1'] });
    expect(t.output()).toContain('purged 1 unattributed events older than 2 days');
  });
});
