import { randomBytes } from 'node:crypto';
import { startTestApp, TestApp } from './utils/test-app';

/**
 * Every query and mutation × every kind of caller → allowed, or the exact error code.
 * The table must cover the whole schema: adding an operation without a row fails this test.
 */
type Caller = 'ADMIN' | 'MANAGER' | 'CSM' | 'INGEST' | 'NO_KEY' | 'REVOKED';
const ROLES = ['ADMIN', 'MANAGER', 'CSM', 'INGEST'] as const;
type RoleName = (typeof ROLES)[number];

interface Row {
  /** The request; it may fail for other reasons (e.g. NOT_FOUND on a dummy id), but never on access when allowed. */
  doc: string;
  vars?: () => Record<string, unknown>;
  allowed: readonly RoleName[];
  /**
   * Open to everyone, also without a key (sign-in, set-password links): every caller gets this code (null: no
   * error) from the operation itself, never the guard's.
   */
  public?: { code: string | null; message?: RegExp };
}

const NIL = '00000000-0000-4000-8000-000000000000';
const ALL = ROLES;
const READERS = ['ADMIN', 'MANAGER', 'CSM'] as const;
const MANAGERS = ['ADMIN', 'MANAGER'] as const;
const ADMIN_ONLY = ['ADMIN'] as const;

const uniq = () => randomBytes(4).toString('hex');

export const MATRIX: Record<string, Row> = {
  // users and keys
  me: { doc: '{ me { id } }', allowed: ALL },
  users: { doc: '{ users { id } }', allowed: MANAGERS },
  createUser: {
    doc: `mutation($e: String!) { createUser(input: { name: "M", email: $e, role: CSM }) { apiKey } }`,
    vars: () => ({ e: `m-${uniq()}@x.y` }),
    allowed: ADMIN_ONLY,
  },
  issueApiKey: { doc: `mutation { issueApiKey(userId: "${NIL}") { id } }`, allowed: ADMIN_ONLY },
  revokeApiKey: { doc: `mutation { revokeApiKey(id: "${NIL}") }`, allowed: ADMIN_ONLY },
  auditLog: { doc: '{ auditLog(first: 1) { totalCount } }', allowed: ADMIN_ONLY },
  // sign-in (the rest of the sign-in rules: test/sign-in.e2e-spec.ts)
  signIn: {
    doc: 'mutation { signIn(email: "nobody@matrix.test", password: "not-the-password") { expiresAt } }',
    allowed: ALL,
    public: { code: 'UNAUTHENTICATED', message: /^Email or password is incorrect$/ },
  },
  signOut: { doc: 'mutation { signOut }', allowed: ALL, public: { code: null } },
  passwordLink: {
    doc: '{ passwordLink(token: "not-a-real-token-not-a-real-token") { email } }',
    allowed: ALL,
    public: { code: 'BAD_USER_INPUT', message: /link is invalid/ },
  },
  setPassword: {
    doc: 'mutation { setPassword(token: "not-a-real-token-not-a-real-token", password: "kite-lemon-harbor-77") { expiresAt } }',
    allowed: ALL,
    public: { code: 'BAD_USER_INPUT', message: /link is invalid/ },
  },
  currentSession: { doc: '{ currentSession { expiresAt } }', allowed: ALL },
  changePassword: {
    doc: 'mutation { changePassword(currentPassword: "x", newPassword: "kite-lemon-harbor-77") }',
    allowed: READERS,
  },
  inviteUser: {
    doc: `mutation($e: String!) { inviteUser(input: { name: "M", email: $e, role: CSM }) { url } }`,
    vars: () => ({ e: `inv-${uniq()}@x.y` }),
    allowed: ADMIN_ONLY,
  },
  createPasswordResetLink: {
    doc: `mutation { createPasswordResetLink(userId: "${NIL}") { url } }`,
    allowed: ADMIN_ONLY,
  },
  revokeUserSessions: { doc: `mutation { revokeUserSessions(userId: "${NIL}") }`, allowed: ADMIN_ONLY },
  deactivateUser: { doc: `mutation { deactivateUser(id: "${NIL}") { id } }`, allowed: ADMIN_ONLY },
  setUserRole: { doc: `mutation { setUserRole(id: "${NIL}", role: CSM) { id } }`, allowed: ADMIN_ONLY },
  apiKeys: { doc: '{ apiKeys { id keyPrefix } }', allowed: ADMIN_ONLY },
  reactivateUser: { doc: `mutation { reactivateUser(id: "${NIL}") { id } }`, allowed: ADMIN_ONLY },
  // the web app's workspace (issue 18) and Stripe (issue 21); rows added by the sign-in work, which found them missing
  myDay: { doc: '{ myDay { __typename } }', allowed: READERS },
  portfolioHealth: { doc: '{ portfolioHealth(weeks: 2) { declinesCount } }', allowed: READERS },
  accountTimeline: { doc: `{ accountTimeline(accountId: "${NIL}") { __typename } }`, allowed: READERS },
  snoozeTask: { doc: `mutation { snoozeTask(id: "${NIL}", until: null) { id } }`, allowed: READERS },
  reassignTask: { doc: `mutation { reassignTask(id: "${NIL}", assigneeId: "${NIL}") { id } }`, allowed: MANAGERS },
  stripeParkedEvents: { doc: '{ stripeParkedEvents(first: 1) { __typename } }', allowed: MANAGERS },
  replayStripeEvents: { doc: `mutation { replayStripeEvents(ids: ["${NIL}"]) { id } }`, allowed: ADMIN_ONLY },
  // accounts and the ledger
  account: { doc: `{ account(id: "${NIL}") { id } }`, allowed: READERS },
  accounts: { doc: '{ accounts(first: 1) { totalCount } }', allowed: READERS },
  createAccount: {
    doc: `mutation($x: String!) { createAccount(input: { externalId: $x, name: "M" }) { id } }`,
    vars: () => ({ x: `mx-${uniq()}` }),
    allowed: MANAGERS,
  },
  updateAccount: { doc: `mutation { updateAccount(id: "${NIL}", input: { name: "x" }) { id } }`, allowed: READERS },
  recordMrrChange: {
    doc: `mutation { recordMrrChange(input: { accountId: "${NIL}", mrrCents: 100, effectiveAt: "2025-01-01T00:00:00Z" }) { id } }`,
    allowed: ['ADMIN', 'MANAGER', 'INGEST'],
  },
  // signals and feedback
  ingestSignals: {
    doc: `mutation { ingestSignals(events: [{ id: "m1", accountId: "${NIL}", type: "login", occurredAt: "2025-01-01T00:00:00Z" }]) { accepted } }`,
    allowed: ['ADMIN', 'INGEST'],
  },
  runSignalMaintenance: { doc: 'mutation { runSignalMaintenance { __typename } }', allowed: ADMIN_ONLY },
  recordNps: { doc: `mutation { recordNps(input: { accountId: "${NIL}", score: 9 }) { id } }`, allowed: ALL },
  recordCsat: { doc: `mutation { recordCsat(input: { accountId: "${NIL}", score: 4 }) { id } }`, allowed: ALL },
  recordFeedback: {
    doc: `mutation { recordFeedback(input: { accountId: "${NIL}", text: "hello" }) { id } }`,
    allowed: ALL,
  },
  npsSummary: { doc: '{ npsSummary { responses nps } }', allowed: READERS },
  npsTrend: { doc: '{ npsTrend(months: 2) { month nps } }', allowed: READERS },
  csatSummary: { doc: '{ csatSummary { responses average } }', allowed: READERS },
  verbatims: { doc: '{ verbatims(first: 1) { totalCount } }', allowed: READERS },
  // health
  scorecards: { doc: '{ scorecards { id } }', allowed: READERS },
  upsertScorecard: {
    doc: 'mutation { upsertScorecard(input: { name: "x", measures: [] }) { id } }',
    allowed: MANAGERS,
  },
  previewScorecard: {
    doc: `{ previewScorecard(accountIds: ["${NIL}"], input: { name: "x", measures: [{ key: "a", label: "A", metric: ACTIVE_DAYS, weight: 1, points: [{ value: 0, score: 0 }] }] }) { score } }`,
    allowed: MANAGERS,
  },
  scorecardImpact: {
    doc: `{ scorecardImpact(limit: 5, input: { name: "x", measures: [{ key: "a", label: "A", metric: ACTIVE_DAYS, weight: 1, points: [{ value: 0, score: 0 }] }] }) { accounts changed } }`,
    allowed: MANAGERS,
  },
  overrideHealth: {
    doc: `mutation($e: DateTime!) { overrideHealth(accountId: "${NIL}", band: GREEN, reason: "renewal signed by sponsor", expiresAt: $e) { band } }`,
    vars: () => ({ e: new Date(Date.now() + 86_400_000).toISOString() }),
    allowed: READERS,
  },
  clearHealthOverride: { doc: `mutation { clearHealthOverride(accountId: "${NIL}") }`, allowed: READERS },
  backfillHealthHistory: {
    doc: 'mutation { backfillHealthHistory(from: "2025-01-01", to: "2025-01-02") }',
    allowed: MANAGERS,
  },
  recomputeHealth: { doc: `mutation { recomputeHealth(accountIds: ["${NIL}"]) }`, allowed: READERS },
  // risk and CLV
  trainRiskModel: { doc: 'mutation { trainRiskModel(horizonDays: 90) { id } }', allowed: MANAGERS },
  riskModels: { doc: '{ riskModels { id } }', allowed: MANAGERS },
  riskFeatures: {
    doc: `{ riskFeatures(accountId: "${NIL}", asOf: "2025-01-01T00:00:00Z", horizonDays: 90) { __typename } }`,
    allowed: ADMIN_ONLY,
  },
  retentionForecast: { doc: '{ retentionForecast(months: 12) { __typename } }', allowed: READERS },
  refitClvModels: { doc: 'mutation { refitClvModels { __typename } }', allowed: MANAGERS },
  // metrics
  retentionMetrics: {
    doc: '{ retentionMetrics(period: { from: "2025-01-01", to: "2025-02-01" }) { churnRate } }',
    allowed: READERS,
  },
  mrrMovements: {
    doc: '{ mrrMovements(from: "2025-01-01", to: "2025-03-01", interval: MONTH) { start } }',
    allowed: READERS,
  },
  cohortRetention: {
    doc: '{ cohortRetention(from: "2025-01-01", to: "2025-03-01", interval: MONTH) { size } }',
    allowed: READERS,
  },
  csmScorecard: {
    doc: '{ csmScorecard(period: { from: "2025-01-01", to: "2025-02-01" }) { accounts } }',
    allowed: READERS,
  },
  churnReasons: {
    doc: '{ churnReasons(period: { from: "2025-01-01", to: "2025-02-01" }) { count } }',
    allowed: READERS,
  },
  metricAccounts: {
    doc: '{ metricAccounts(period: { from: "2025-01-01", to: "2025-02-01" }, figure: CHURNED) { totalCount sumCents } }',
    allowed: READERS,
  },
  renewals: {
    doc: '{ renewals(from: "2025-01-01", to: "2025-04-01", interval: MONTH) { upcomingCount periods { dueCount } } }',
    allowed: READERS,
  },
  recordCsCost: {
    doc: 'mutation { recordCsCost(input: { periodStart: "2025-01-01", periodEnd: "2025-02-01", amountCents: 100, category: STAFF }) { id } }',
    allowed: MANAGERS,
  },
  csCosts: { doc: '{ csCosts(first: 1) { totalCount sumCents } }', allowed: MANAGERS },
  // playbooks, tasks and webhooks
  playbooks: { doc: '{ playbooks { id } }', allowed: READERS },
  playbook: { doc: `{ playbook(id: "${NIL}") { id } }`, allowed: READERS },
  createPlaybook: {
    doc: 'mutation { createPlaybook(input: { name: "x", trigger: { kind: MANUAL }, steps: [] }) { id } }',
    allowed: MANAGERS,
  },
  updatePlaybook: { doc: `mutation { updatePlaybook(id: "${NIL}", input: { name: "x" }) { id } }`, allowed: MANAGERS },
  triggerPlaybook: {
    doc: `mutation { triggerPlaybook(playbookId: "${NIL}", accountId: "${NIL}") { suppressed } }`,
    allowed: READERS,
  },
  playbookRuns: { doc: '{ playbookRuns(first: 1) { totalCount } }', allowed: READERS },
  closePlaybookRun: { doc: `mutation { closePlaybookRun(id: "${NIL}") { id } }`, allowed: READERS },
  runPlaybookSweep: { doc: 'mutation { runPlaybookSweep }', allowed: ADMIN_ONLY },
  playbookEffectiveness: {
    doc: '{ playbookEffectiveness(period: { from: "2025-01-01", to: "2025-02-01" }) { runs } }',
    allowed: MANAGERS,
  },
  tasks: { doc: '{ tasks(first: 1) { totalCount } }', allowed: READERS },
  createTask: {
    doc: `mutation { createTask(input: { accountId: "${NIL}", title: "Call", dueAt: "2030-01-01T00:00:00Z" }) { id } }`,
    allowed: READERS,
  },
  updateTask: { doc: `mutation { updateTask(id: "${NIL}", input: { title: "x" }) { id } }`, allowed: READERS },
  completeTask: { doc: `mutation { completeTask(id: "${NIL}", outcome: DONE) { id } }`, allowed: READERS },
  recordChurnReason: {
    doc: `mutation { recordChurnReason(accountId: "${NIL}", reason: PRICE) { __typename } }`,
    allowed: READERS,
  },
  createWebhook: {
    doc: 'mutation { createWebhook(url: "http://127.0.0.1:9/hook", events: [TASK_CREATED]) { __typename } }',
    allowed: ADMIN_ONLY,
  },
  deleteWebhook: { doc: `mutation { deleteWebhook(id: "${NIL}") }`, allowed: ADMIN_ONLY },
  webhooks: { doc: '{ webhooks { id } }', allowed: ADMIN_ONLY },
  webhookDeliveries: { doc: `{ webhookDeliveries(webhookId: "${NIL}") { totalCount } }`, allowed: ADMIN_ONLY },
  retryWebhookDelivery: { doc: `mutation { retryWebhookDelivery(id: "${NIL}") { id } }`, allowed: ADMIN_ONLY },
  // connector sources
  createSource: {
    doc: 'mutation { createSource(input: { kind: SEGMENT, name: "Web app" }) { writeKey } }',
    allowed: ADMIN_ONLY,
  },
  updateSource: { doc: `mutation { updateSource(id: "${NIL}", input: { name: "x" }) { id } }`, allowed: ADMIN_ONLY },
  revokeSource: { doc: `mutation { revokeSource(id: "${NIL}") { id } }`, allowed: ADMIN_ONLY },
  sources: { doc: '{ sources { id last24h { accepted } } }', allowed: MANAGERS },
  runSourceMaintenance: { doc: 'mutation { runSourceMaintenance { purged } }', allowed: ADMIN_ONLY },
  sourceUnattributedEvents: { doc: `{ sourceUnattributedEvents(sourceId: "${NIL}") { id } }`, allowed: MANAGERS },
  segmentEventMappings: { doc: `{ segmentEventMappings(sourceId: "${NIL}") { eventName } }`, allowed: MANAGERS },
  setSegmentEventMapping: {
    doc: `mutation { setSegmentEventMapping(sourceId: "${NIL}", input: { eventName: "x", signalType: "login" }) { eventName } }`,
    allowed: ADMIN_ONLY,
  },
  removeSegmentEventMapping: {
    doc: `mutation { removeSegmentEventMapping(sourceId: "${NIL}", eventName: "x") }`,
    allowed: ADMIN_ONLY,
  },
};

describe('access-control matrix', () => {
  let t: TestApp;
  const keys: Partial<Record<Caller, string | null>> = {};

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
    keys.ADMIN = t.adminKey;
    for (const r of ['MANAGER', 'CSM', 'INGEST'] as const) keys[r] = (await t.user(r)).key;
    keys.NO_KEY = null;
    const victim = await t.user('MANAGER');
    const issued = await t.ok(`mutation($u: ID!) { issueApiKey(userId: $u) { id key } }`, { u: victim.id });
    await t.ok(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: issued.issueApiKey.id });
    keys.REVOKED = issued.issueApiKey.key;
  });
  afterAll(() => t?.close());

  it('has a row for every query and mutation in the schema', async () => {
    const schema = await t.ok(
      `{ q: __type(name: "Query") { fields { name } } m: __type(name: "Mutation") { fields { name } } }`,
    );
    const ops = [...schema.q.fields, ...(schema.m?.fields ?? [])].map((f: { name: string }) => f.name);
    expect(ops.filter((o: string) => !MATRIX[o])).toEqual([]);
  });

  const callers: Caller[] = ['ADMIN', 'MANAGER', 'CSM', 'INGEST', 'NO_KEY', 'REVOKED'];
  for (const [op, row] of Object.entries(MATRIX)) {
    it(`${op}: ${row.allowed.join('/')} allowed; others refused with the exact code`, async () => {
      for (const caller of callers) {
        const r = await t.gql(row.doc, row.vars?.() ?? {}, keys[caller] ?? null);
        const codes = (r.errors ?? []).map((e) => e.extensions?.code);
        const expected =
          caller === 'NO_KEY' || caller === 'REVOKED'
            ? 'UNAUTHENTICATED'
            : row.allowed.includes(caller)
              ? null
              : 'FORBIDDEN';
        const context = `${op} as ${caller}: ${JSON.stringify(r.errors ?? null)}`;
        if (row.public) {
          const message = r.errors?.[0]?.message ?? '';
          expect({ context, code: codes[0] ?? null, message: row.public.message?.test(message) ?? true }).toEqual({
            context,
            code: row.public.code,
            message: true,
          });
        } else if (expected === null) {
          expect({
            context,
            codes: codes.filter((c) =>
              [
                'UNAUTHENTICATED',
                'FORBIDDEN',
                'INTERNAL_SERVER_ERROR',
                'GRAPHQL_VALIDATION_FAILED',
                'GRAPHQL_PARSE_FAILED',
              ].includes(String(c)),
            ),
          }).toEqual({ context, codes: [] });
        } else {
          expect({ context, code: codes[0] }).toEqual({ context, code: expected });
        }
      }
    });
  }
});
