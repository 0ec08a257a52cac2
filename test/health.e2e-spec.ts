import { errorCode, startTestApp, TestApp } from './utils/test-app';
import { computeRawMeasures, DailyRollup, MeasureDefinition } from '../src/core/health';

const DAY = 86_400_000;
const dayAgo = (n: number) => new Date(Date.now() - n * DAY);
const iso = (d: Date) => d.toISOString();
const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

const HEALTH = `health { score band computedBand computedAt scorecard { id name version } trend { delta7d delta30d direction }
  flags { type evidence since } override { band reason expiresAt setBy { id } }
  components { key label rawValue score weight effectiveWeight contribution missing } }`;

describe('health engine over HTTP', () => {
  let t: TestApp;
  let csm: { id: string; key: string };

  beforeAll(async () => {
    t = await startTestApp({
      env: { HEALTH_DEBOUNCE_MS: '200', SIGNAL_RETENTION_MONTHS: '60', RATE_LIMIT_PER_MINUTE: '0' },
    });
    csm = await t.user('CSM');
  });
  afterAll(() => t?.close());

  async function account(externalId: string, extra: Record<string, unknown> = {}): Promise<string> {
    const r = await t.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
      i: { externalId, name: externalId, segment: 'HealthTest', ownerId: csm.id, ...extra },
    });
    const id = r.createAccount.id;
    await t.ok(`mutation($i: RecordMrrChangeInput!) { recordMrrChange(input: $i) { id } }`, {
      i: { accountId: id, mrrCents: 100000, effectiveAt: iso(dayAgo(400)) },
    });
    return id;
  }

  async function ingest(
    accountId: string,
    events: Array<{ type: string; daysAgo: number; properties?: Record<string, unknown> }>,
  ) {
    const r = await t.ok(
      `mutation($e: [SignalInput!]!) { ingestSignals(events: $e) { accepted duplicates rejected { index reason } } }`,
      {
        e: events.map((e, i) => ({
          id: `${accountId}-${e.type}-${e.daysAgo}-${i}-${Math.random()}`,
          accountId,
          type: e.type,
          occurredAt: iso(dayAgo(e.daysAgo)),
          properties: e.properties,
        })),
      },
    );
    expect(r.ingestSignals.rejected).toEqual([]);
  }

  async function healthOf(id: string) {
    return (await t.ok(`query($id: ID) { account(id: $id) { ${HEALTH} } }`, { id })).account.health;
  }

  /** Waits for the debounced, event-driven recompute (no manual call). */
  async function waitForHealth(id: string, until: (h: any) => boolean, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    let h = await healthOf(id);
    while (!(h && until(h)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      h = await healthOf(id);
    }
    return h;
  }

  it('updates health after signals are ingested, without a manual call, with contributions adding up', async () => {
    const id = await account('H-ACTIVE');
    const events = [];
    // One login on each of the last 60 UTC days, today included, whatever the time of day: halfway through the
    // part of today already gone (a fixed 0.1 day put day 0's login on yesterday in the first hours after
    // midnight UTC, and the 30-day window then held 29 logins).
    const sinceMidnight = (Date.now() % DAY) / DAY;
    for (let d = 0; d < 60; d++) events.push({ type: 'login', daysAgo: d + sinceMidnight / 2 });
    for (let d = 0; d < 25; d++)
      events.push({ type: 'feature_used', daysAgo: d + sinceMidnight / 4, properties: { feature: `f${d % 6}` } });
    await ingest(id, events);
    const h = await waitForHealth(id, (x) =>
      x.components.some((c: any) => c.key === 'login_frequency' && c.rawValue === 30),
    );
    expect(h).not.toBeNull();
    expect(h.scorecard).toMatchObject({ name: 'Default health', version: 1 });
    const sum = h.components.reduce((s: number, c: any) => s + c.contribution, 0);
    expect(Math.abs(sum - h.score)).toBeLessThan(0.01);
    const login = h.components.find((c: any) => c.key === 'login_frequency');
    expect(login.rawValue).toBe(30);
    expect(login.score).toBe(100);
    const breadth = h.components.find((c: any) => c.key === 'feature_breadth');
    expect(breadth.rawValue).toBe(6);
    const nps = h.components.find((c: any) => c.key === 'nps_latest');
    expect(nps).toMatchObject({ missing: true, effectiveWeight: 0, contribution: 0 });
    const effective = h.components.reduce((s: number, c: any) => s + c.effectiveWeight, 0);
    expect(effective).toBeCloseTo(1, 10);
    expect(h.band).toBe('GREEN');
  });

  it('raises red flags with evidence and clears them when the condition ends', async () => {
    const id = await account('H-FLAGS');
    await ingest(id, [
      { type: 'login', daysAgo: 0.5 },
      { type: 'email_ignored', daysAgo: 3 },
      { type: 'email_ignored', daysAgo: 2 },
      { type: 'email_ignored', daysAgo: 1 },
      { type: 'support_ticket', daysAgo: 4, properties: { sentiment: 'negative' } },
      { type: 'support_ticket', daysAgo: 5, properties: { sentiment: 'negative' } },
      { type: 'payment_failed', daysAgo: 6 },
    ]);
    await t.ok(`mutation($a: ID!) { recordNps(input: { accountId: $a, score: 3 }) { id } }`, { a: id });
    const h = await waitForHealth(id, (x) => x.flags.length >= 4);
    const types = h.flags.map((f: any) => f.type).sort();
    expect(types).toEqual(
      expect.arrayContaining(['DETRACTOR', 'EMAILS_IGNORED', 'NEGATIVE_SUPPORT', 'PAYMENT_FAILED']),
    );
    for (const f of h.flags) expect(f.evidence.length).toBeGreaterThan(10);
    const since = h.flags.find((f: any) => f.type === 'DETRACTOR').since;
    // An email opened ends EMAILS_IGNORED; a promoter answer ends DETRACTOR; DETRACTOR's history keeps when it was raised.
    await ingest(id, [{ type: 'email_opened', daysAgo: 0.2 }]);
    await t.ok(`mutation($a: ID!) { recordNps(input: { accountId: $a, score: 10 }) { id } }`, { a: id });
    const after = await waitForHealth(
      id,
      (x) => !x.flags.some((f: any) => f.type === 'DETRACTOR' || f.type === 'EMAILS_IGNORED'),
    );
    expect(after.flags.map((f: any) => f.type)).not.toContain('DETRACTOR');
    const hist = await t.db.query(
      `SELECT raised_at, cleared_at FROM health_flags WHERE account_id = $1 AND type = 'DETRACTOR'`,
      [id],
    );
    expect(hist.rows).toHaveLength(1);
    expect(hist.rows[0].raised_at.toISOString()).toBe(since);
    expect(hist.rows[0].cleared_at).not.toBeNull();
    // The flag filter on the accounts list.
    const flagged = await t.ok(
      `{ accounts(filter: { hasFlag: PAYMENT_FAILED, segment: "HealthTest" }) { edges { node { id } } } }`,
    );
    expect(flagged.accounts.edges.map((e: any) => e.node.id)).toEqual([id]);
  });

  it('flags a twice-a-year customer after 548 days of silence but not after 4 months', async () => {
    const sparse = await account('H-SPARSE-OLD');
    await ingest(
      sparse,
      [1088, 908, 728, 548].map((d) => ({ type: 'login', daysAgo: d })),
    );
    const recent = await account('H-SPARSE-NEW');
    await ingest(
      recent,
      [660, 480, 300, 120].map((d) => ({ type: 'login', daysAgo: d })),
    );
    const old = await waitForHealth(sparse, (x) => x.flags.some((f: any) => f.type === 'DORMANT'));
    expect(old.flags.map((f: any) => f.type)).toContain('DORMANT');
    await t.ok(`mutation($ids: [ID!]) { recomputeHealth(accountIds: $ids) }`, { ids: [recent] });
    const fresh = await healthOf(recent);
    expect(fresh.flags.map((f: any) => f.type)).not.toContain('DORMANT');
  });

  it('overrides show next to the computed band, validate, expire by themselves, and can be cleared', async () => {
    const id = await account('H-OVERRIDE');
    await t.ok(`mutation($ids: [ID!]) { recomputeHealth(accountIds: $ids) }`, { ids: [id] });
    const m = `mutation($a: ID!, $b: OverrideBand!, $r: String!, $e: DateTime!) { overrideHealth(accountId: $a, band: $b, reason: $r, expiresAt: $e) { band reason setBy { id } } }`;
    expect(errorCode(await t.gql(m, { a: id, b: 'GREEN', r: 'short', e: iso(dayAgo(-5)) }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(m, { a: id, b: 'GREEN', r: 'Exec sponsor confirmed', e: iso(dayAgo(-100)) }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await t.gql(m, { a: id, b: 'GREEN', r: 'Exec sponsor confirmed', e: iso(dayAgo(1)) }))).toBe(
      'BAD_USER_INPUT',
    );
    const set = await t.ok(m, { a: id, b: 'GREEN', r: 'Exec sponsor confirmed renewal', e: iso(dayAgo(-5)) }, csm.key);
    expect(set.overrideHealth).toMatchObject({ band: 'GREEN', setBy: { id: csm.id } });
    const h = await healthOf(id);
    expect(h.band).toBe('GREEN');
    expect(h.computedBand).not.toBe('GREEN');
    expect(h.override.reason).toBe('Exec sponsor confirmed renewal');
    // Recomputing keeps the override; its expiry (simulated by moving it into the past) ends it.
    await t.ok(`mutation($ids: [ID!]) { recomputeHealth(accountIds: $ids) }`, { ids: [id] });
    expect((await healthOf(id)).band).toBe('GREEN');
    await t.db.query(`UPDATE health_overrides SET expires_at = now() - interval '1 second' WHERE account_id = $1`, [
      id,
    ]);
    const expired = await healthOf(id);
    expect(expired.band).toBe(expired.computedBand);
    expect(expired.override).toBeNull();
    await t.ok(m, { a: id, b: 'RED', r: 'Champion left the company', e: iso(dayAgo(-5)) });
    expect(
      (await t.ok(`mutation($a: ID!) { clearHealthOverride(accountId: $a) }`, { a: id })).clearHealthOverride,
    ).toBe(true);
    expect((await healthOf(id)).override).toBeNull();
    expect(
      (await t.ok(`mutation($a: ID!) { clearHealthOverride(accountId: $a) }`, { a: id })).clearHealthOverride,
    ).toBe(false);
  });

  it('validates scorecards, versions each save, previews without saving, and backfills history', async () => {
    const bad = await t.gql(
      `mutation { upsertScorecard(input: { name: "Bad", segment: "HealthTest", measures: [
        { key: "a", label: "A", metric: ACTIVE_DAYS, weight: 0, points: [{ value: 5, score: 0 }, { value: 1, score: 100 }] },
        { key: "a", label: "B", metric: NPS_LATEST, weight: 1, points: [{ value: 0, score: 0 }] } ] }) { id } }`,
    );
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    const fields = bad.errors![0].extensions!.fields!.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['measures[0].weight', 'measures[0].points[1]', 'measures[1].key']));
    const input = {
      name: 'Logins only',
      segment: 'HealthTest',
      redBelow: 40,
      greenAtOrAbove: 70,
      minCoverage: 0.5,
      measures: [
        {
          key: 'logins',
          label: 'Login days',
          metric: 'ACTIVE_DAYS',
          signalType: 'login',
          windowDays: 30,
          weight: 1,
          points: [
            { value: 0, score: 0 },
            { value: 10, score: 100 },
          ],
        },
      ],
    };
    const active = (await t.ok(`{ account(externalId: "H-ACTIVE") { id } }`)).account.id;
    const before = await t.count('scorecard_versions');
    const preview = await t.ok(
      `query($i: ScorecardInput!, $a: [ID!]!) { previewScorecard(input: $i, accountIds: $a) { accountId score band components { key rawValue } } }`,
      {
        i: input,
        a: [active],
      },
    );
    expect(preview.previewScorecard[0]).toMatchObject({ accountId: active, score: 100, band: 'GREEN' });
    expect(await t.count('scorecard_versions')).toBe(before);
    const v1 = await t.ok(`mutation($i: ScorecardInput!) { upsertScorecard(input: $i) { id version segment } }`, {
      i: input,
    });
    expect(v1.upsertScorecard).toMatchObject({ version: 1, segment: 'HealthTest' });
    const v2 = await t.ok(`mutation($i: ScorecardInput!) { upsertScorecard(input: $i) { id version } }`, {
      i: { ...input, name: 'Logins only v2' },
    });
    expect(v2.upsertScorecard).toEqual({ id: v1.upsertScorecard.id, version: 2 });
    // Backfill 10 past days with the new scorecard, as of each day.
    const from = dateOnly(dayAgo(12));
    const to = dateOnly(dayAgo(2));
    const written = await t.ok(
      `mutation($s: ID, $f: Date!, $t: Date!) { backfillHealthHistory(scorecardId: $s, from: $f, to: $t) }`,
      { s: v1.upsertScorecard.id, f: from, t: to },
    );
    expect(written.backfillHealthHistory).toBeGreaterThanOrEqual(10);
    const hist = await t.ok(
      `query($id: ID, $f: Date, $t: Date) { account(id: $id) { healthHistory(from: $f, to: $t) { day score band } } }`,
      { id: active, f: from, t: to },
    );
    expect(hist.account.healthHistory).toHaveLength(10);
    expect(hist.account.healthHistory[0].day).toBe(from);
    for (const p of hist.account.healthHistory) expect(p.score).toBe(100);
    const versions = await t.db.query(
      `SELECT DISTINCT scorecard_version FROM health_history WHERE account_id = $1 AND day >= $2 AND day < $3`,
      [active, from, to],
    );
    expect(versions.rows.map((r) => r.scorecard_version)).toEqual([2]);
    // The scorecard save recomputes its accounts in the background.
    const h = await waitForHealth(active, (x) => x.scorecard.version === 2);
    expect(h.scorecard).toMatchObject({ name: 'Logins only v2', version: 2 });
  });

  it('computes every metric in SQL exactly as the pure reference does on the same data', async () => {
    const id = await account('H-ORACLE', { renewalDate: dateOnly(dayAgo(-45)), customerSince: iso(dayAgo(500)) });
    await t.ok(`mutation($i: RecordMrrChangeInput!) { recordMrrChange(input: $i) { id } }`, {
      i: { accountId: id, mrrCents: 80000, effectiveAt: iso(dayAgo(40)) },
    });
    const events: Array<{ type: string; daysAgo: number; properties?: Record<string, unknown> }> = [];
    for (let d = 1; d < 75; d += d < 30 ? 2 : 3) events.push({ type: 'login', daysAgo: d + 0.3 });
    for (let d = 2; d < 40; d += 4)
      events.push({ type: 'feature_used', daysAgo: d + 0.4, properties: { feature: `feat${d % 5}` } });
    events.push({ type: 'custom.export', daysAgo: 0.6 }, { type: 'seats', daysAgo: 3.5 });
    events.push(
      { type: 'support_ticket', daysAgo: 10.2, properties: { sentiment: 'negative' } },
      { type: 'support_ticket', daysAgo: 20.2, properties: { sentiment: 'positive' } },
      { type: 'support_ticket', daysAgo: 25.2 },
    );
    events.push(
      { type: 'payment_failed', daysAgo: 15.1 },
      { type: 'email_ignored', daysAgo: 5.1 },
      { type: 'email_opened', daysAgo: 8.1 },
    );
    await ingest(id, events);
    const nps = [
      { score: 4, daysAgo: 100 },
      { score: 9, daysAgo: 20 },
    ];
    for (const n of nps)
      await t.ok(
        `mutation($a: ID!, $s: Int!, $at: DateTime) { recordNps(input: { accountId: $a, score: $s, respondedAt: $at }) { id } }`,
        { a: id, s: n.score, at: iso(dayAgo(n.daysAgo)) },
      );
    await t.ok(
      `mutation($a: ID!, $at: DateTime) { recordCsat(input: { accountId: $a, score: 4, respondedAt: $at }) { id } }`,
      { a: id, at: iso(dayAgo(12)) },
    );

    const pts = [
      { value: -1000, score: 0 },
      { value: 1000, score: 100 },
    ];
    const measures: MeasureDefinition[] = [
      { key: 'active_any', label: 'x', metric: 'ACTIVE_DAYS', windowDays: 30, weight: 1, points: pts },
      {
        key: 'active_login',
        label: 'x',
        metric: 'ACTIVE_DAYS',
        signalType: 'login',
        windowDays: 14,
        weight: 1,
        points: pts,
      },
      { key: 'events_any', label: 'x', metric: 'EVENT_COUNT', windowDays: 30, weight: 1, points: pts },
      {
        key: 'qty_seats',
        label: 'x',
        metric: 'QUANTITY_SUM',
        signalType: 'seats',
        windowDays: 30,
        weight: 1,
        points: pts,
      },
      { key: 'trend', label: 'x', metric: 'USAGE_TREND', windowDays: 30, weight: 1, points: pts },
      { key: 'since', label: 'x', metric: 'DAYS_SINCE_LAST_ACTIVITY', weight: 1, points: pts },
      {
        key: 'since_ticket',
        label: 'x',
        metric: 'DAYS_SINCE_LAST_ACTIVITY',
        signalType: 'support_ticket',
        weight: 1,
        points: pts,
      },
      { key: 'features', label: 'x', metric: 'DISTINCT_FEATURES', windowDays: 30, weight: 1, points: pts },
      { key: 'nps_latest', label: 'x', metric: 'NPS_LATEST', weight: 1, points: pts },
      { key: 'nps_avg', label: 'x', metric: 'NPS_AVERAGE', windowDays: 365, weight: 1, points: pts },
      { key: 'csat', label: 'x', metric: 'CSAT_AVERAGE', windowDays: 90, weight: 1, points: pts },
      { key: 'neg_share', label: 'x', metric: 'NEGATIVE_TICKET_SHARE', windowDays: 90, weight: 1, points: pts },
      { key: 'payfail', label: 'x', metric: 'PAYMENT_FAILURES', windowDays: 90, weight: 1, points: pts },
      { key: 'mrr_change', label: 'x', metric: 'MRR_CHANGE_PCT', windowDays: 90, weight: 1, points: pts },
      { key: 'renewal', label: 'x', metric: 'DAYS_TO_RENEWAL', weight: 1, points: pts },
      { key: 'tenure', label: 'x', metric: 'TENURE_DAYS', weight: 1, points: pts },
    ];
    const preview = await t.ok(
      `query($i: ScorecardInput!, $a: [ID!]!) { previewScorecard(input: $i, accountIds: $a) { components { key rawValue } } }`,
      {
        i: { name: 'All metrics', measures },
        a: [id],
      },
    );
    const sql = Object.fromEntries(preview.previewScorecard[0].components.map((c: any) => [c.key, c.rawValue]));

    // The same data as plain inputs for the reference: rollups from the stored signals, feedback, ledger.
    const rows = await t.db.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, type, count::int, quantity, features, tickets_positive, tickets_neutral, tickets_negative FROM signal_daily WHERE account_id = $1`,
      [id],
    );
    const rollups: DailyRollup[] = rows.rows.map((r) => ({
      day: r.day,
      type: r.type,
      count: r.count,
      quantity: r.quantity,
      features: r.features,
      sentiment: { positive: r.tickets_positive, neutral: r.tickets_neutral, negative: r.tickets_negative },
    }));
    const movements = await t.db.query(
      `SELECT type, effective_at, mrr_before_cents::int, mrr_after_cents::int, seq::int FROM mrr_movements WHERE account_id = $1`,
      [id],
    );
    const oracle = computeRawMeasures(
      measures,
      {
        rollups,
        nps: nps.map((n) => ({ score: n.score, respondedAt: dayAgo(n.daysAgo) })),
        csat: [{ score: 4, respondedAt: dayAgo(12) }],
        mrrMovements: movements.rows.map((m) => ({
          type: m.type,
          effectiveAt: m.effective_at,
          mrrBeforeCents: m.mrr_before_cents,
          mrrAfterCents: m.mrr_after_cents,
          seq: m.seq,
        })),
        renewalDate: dateOnly(dayAgo(-45)),
        customerSince: dayAgo(500),
      },
      dateOnly(new Date()),
    );
    for (const m of measures) {
      const expected = oracle[m.key];
      expect({ key: m.key, value: sql[m.key] === null ? null : Number(sql[m.key].toFixed(9)) }).toEqual({
        key: m.key,
        value: expected === null ? null : Number(expected.toFixed(9)),
      });
    }
    // The data makes most measures non-trivial.
    expect(sql.active_any).toBeGreaterThan(5);
    expect(sql.neg_share).toBeCloseTo(1 / 3, 9);
    expect(sql.mrr_change).toBeCloseTo(-20, 9);
  });

  it('filters and orders the accounts list by health, and keeps CSMs to their own book', async () => {
    await t.ok(`mutation { recomputeHealth }`);
    const asc = await t.ok(
      `{ accounts(filter: { segment: "HealthTest" }, orderBy: HEALTH_ASC, first: 100) { edges { node { health { score } } } } }`,
    );
    const scores = asc.accounts.edges
      .map((e: any) => e.node.health?.score ?? null)
      .filter((s: number | null) => s !== null);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    const green = await t.ok(
      `{ accounts(filter: { segment: "HealthTest", band: GREEN }) { edges { node { health { band } } } } }`,
    );
    for (const e of green.accounts.edges) expect(e.node.health.band).toBe('GREEN');
    const other = await t.user('CSM');
    expect(
      (await t.ok(`{ accounts(filter: { segment: "HealthTest" }) { totalCount } }`, {}, other.key)).accounts.totalCount,
    ).toBe(0);
    const someId = (await t.ok(`{ account(externalId: "H-ACTIVE") { id } }`)).account.id;
    expect(
      errorCode(await t.gql(`mutation($a: ID!) { clearHealthOverride(accountId: $a) }`, { a: someId }, other.key)),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(await t.gql(`mutation { upsertScorecard(input: { name: "x", measures: [] }) { id } }`, {}, other.key)),
    ).toBe('FORBIDDEN');
  });
});
