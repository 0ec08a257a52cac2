import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import {
  FieldDef,
  INTROSPECTION,
  operationFor,
  parseIntrospection,
  SchemaInfo,
  variablesFor,
} from './utils/fuzz-schema';
import { fieldArb, FuzzPools, HOSTILE_STRINGS, nestedJson, ValueContext } from './utils/fuzz-values';
import { Caller, CLIENT_CODES, GraphqlAnswer, postGraphql, runPool, short } from './utils/fuzz-run';
import { logLinesAtLeast, startTestApp, TestApp } from './utils/test-app';

/**
 * Property-based fuzzing of every mutation of the live schema (found by introspection, so new mutations are
 * covered without touching this file) and of `POST /ingest/signals`.
 *
 * Properties:
 *  1. every GraphQL answer is a success or a typed client error (never INTERNAL_SERVER_ERROR, never HTTP 5xx);
 *  2. a failed mutation writes nothing: the cases that failed inside execution (HTTP 200 with errors) and whose
 *     case number is a multiple of CHECK_EVERY are replayed afterwards, CONCURRENCY at a time with nothing else
 *     running, between two exact `count(*)` snapshots of all application tables (one UNION ALL query built from
 *     the catalog, so new tables are covered); if the whole group fails again, the snapshots must be equal.
 *     Cases refused before execution (coercion/validation, HTTP 400) cannot reach the database and are not
 *     replayed. Tables written in the background or on every call are excluded (see COUNT_EXCLUDED);
 *  3. every NDJSON answer is 2xx with a summary or 4xx with a JSON error, and the service stays up.
 *
 * Reproducible: fixed seed unless FUZZ_SEED is set; FUZZ_RUNS (GraphQL cases, default 10,000) and
 * FUZZ_INGEST_RUNS (NDJSON bodies, default 300) scale the run. A failure prints the seed and the case.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_308);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const INGEST_RUNS = Number(process.env.FUZZ_INGEST_RUNS ?? 300);
const CONCURRENCY = 8;
const CHECK_EVERY = 4;

/**
 * Not compared by the unchanged-count check: audit_log gets a row for every mutation, failed ones included;
 * the others are written by background work (health recomputes and history, risk training and scoring — with
 * account_risk_history kept by a trigger on account_risk —, CLV
 * refits, webhook deliveries, playbook runs and their tasks, scheduled-job bookkeeping) that a success just before
 * (or a timer) may still be doing; read_model_changes counts those background writes (and is folded by reads).
 */
const COUNT_EXCLUDED = new Set([
  'migrations',
  'audit_log',
  'health_current',
  'health_history',
  'health_flags',
  'health_dirty',
  'account_risk',
  'account_risk_history',
  'risk_models',
  'clv_segment_fits',
  'webhook_deliveries',
  'playbook_runs',
  'playbook_condition_state',
  'tasks',
  'job_runs',
  'read_model_changes',
]);

/** Expensive mutations get fewer cases (relative weight; anything else, including new mutations, gets 10). */
const WEIGHTS: Record<string, number> = {
  backfillHealthHistory: 2,
  recomputeHealth: 3,
  upsertScorecard: 5,
  trainRiskModel: 1,
  refitClvModels: 1,
  runSignalMaintenance: 1,
};

interface Case {
  mutation: FieldDef;
  caller: Caller;
  args: Record<string, unknown>;
}

interface Failure {
  index: number;
  problem: string;
  mutation: string;
  caller: Caller;
  variables: string;
  answer: string;
}

describe('fuzzing', () => {
  let t: TestApp;
  let schema: SchemaInfo;
  const keys: Record<Caller, string | null> = {
    admin: null,
    manager: null,
    csmA: null,
    csmB: null,
    ingest: null,
    anonymous: null,
  };
  const pools: FuzzPools = { realIds: [], externalIds: [], idsByTable: {} };
  let countSql = '';

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        RATE_LIMIT_PER_MINUTE: '0',
        INGEST_RATE_LIMIT_PER_MINUTE: '0',
        // Background recomputes would change counts under the check; they are not what is fuzzed here.
        HEALTH_DEBOUNCE_MS: '3600000',
        WEBHOOK_POLL_MS: '3600000',
      },
    });
    keys.admin = t.adminKey;
    const manager = await t.user('MANAGER');
    const csmA = await t.user('CSM');
    const csmB = await t.user('CSM');
    const ingest = await t.user('INGEST');
    Object.assign(keys, { manager: manager.key, csmA: csmA.key, csmB: csmB.key, ingest: ingest.key });

    // A small book: accounts of each CSM and unowned ones, with some MRR history, feedback and signals.
    const day = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    for (let i = 0; i < 9; i++) {
      const ownerId = [csmA.id, csmB.id, null][i % 3];
      const { createAccount } = await t.ok(
        `mutation($i: CreateAccountInput!) { createAccount(input: $i) { id externalId } }`,
        {
          i: {
            externalId: `fz-${i}`,
            name: `Fuzz ${i}`,
            segment: ['SMB', 'MID', 'ENT'][i % 3],
            ownerId,
            customerSince: day(400),
          },
        },
      );
      await t.ok(`mutation($i: RecordMrrChangeInput!) { recordMrrChange(input: $i) { id } }`, {
        i: { accountId: createAccount.id, mrrCents: 10_000 * (i + 1), effectiveAt: day(300) },
      });
      await t.ok(`mutation($i: RecordNpsInput!) { recordNps(input: $i) { id } }`, {
        i: { accountId: createAccount.id, score: i },
      });
      await t.ok(`mutation($e: [SignalInput!]!) { ingestSignals(events: $e) { accepted } }`, {
        e: [{ accountId: createAccount.id, id: `seed-${i}`, type: 'login', occurredAt: day(3) }],
      });
    }

    const intro = await t.ok(INTROSPECTION);
    schema = parseIntrospection(intro);

    await refreshPools();

    // Ordinary and partitioned tables, not partitions (their parent counts them).
    const tables = await t.db.query(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
    );
    const counted = tables.rows
      .map((r: { relname: string }) => r.relname)
      .filter((n: string) => !COUNT_EXCLUDED.has(n));
    countSql = counted.map((n: string) => `SELECT '${n}' AS t, count(*)::bigint AS n FROM "${n}"`).join(' UNION ALL ');
  }, 120_000);

  afterAll(() => t?.close());

  let callerKeyIds: string[] = [];
  /**
   * Every existing id (of any table, any owner) is a candidate for ID arguments; refreshed between batches so that
   * objects created by earlier cases (playbooks, tasks, webhooks…) are targeted too. The fuzzing callers' own API
   * keys are left out (revoking them would turn the rest of the run into UNAUTHENTICATED).
   */
  async function refreshPools(): Promise<void> {
    if (!callerKeyIds.length)
      // The callers' keys and their users: a fuzzed revokeApiKey, deactivateUser or setUserRole must not take
      // away the identity the rest of the run calls with.
      callerKeyIds = (
        await t.db.query(`SELECT id::text FROM api_keys UNION SELECT user_id::text FROM api_keys`)
      ).rows.map((r: { id: string }) => r.id);
    const idTables = await t.db.query(
      `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables tb USING (table_schema, table_name)
        WHERE c.table_schema = 'public' AND c.column_name = 'id' AND c.data_type = 'uuid' AND tb.table_type = 'BASE TABLE' ORDER BY 1`,
    );
    pools.realIds = [];
    pools.idsByTable = {};
    for (const { table_name } of idTables.rows) {
      const r = await t.db.query(
        `SELECT id::text FROM "${table_name}" WHERE NOT (id::text = ANY($1)) ORDER BY id LIMIT 30`,
        [callerKeyIds],
      );
      pools.idsByTable[table_name] = r.rows.map((x: { id: string }) => x.id);
      pools.realIds.push(...pools.idsByTable[table_name]);
    }
    pools.externalIds = (await t.db.query(`SELECT external_id FROM accounts ORDER BY external_id LIMIT 30`)).rows.map(
      (r: { external_id: string }) => r.external_id,
    );
  }

  const snapshot = async (): Promise<Record<string, string>> =>
    Object.fromEntries((await t.db.query(countSql)).rows.map((r: { t: string; n: string }) => [r.t, r.n]));

  it(`answers ${RUNS} hostile mutations with success or a typed client error, and failed ones write nothing`, async () => {
    const ctxClean: ValueContext = { schema, pools, wrongTypeRate: 0, plausible: true };
    const ctxDirty: ValueContext = { schema, pools, wrongTypeRate: 0.06 };
    const mutations = schema.mutations;
    expect(mutations.length).toBeGreaterThanOrEqual(15);

    const BATCH = 1000;
    const argsArb = (m: FieldDef, ctx: ValueContext) =>
      // A bare `id` argument names the object of the mutation: updateAccount(id) takes an account id.
      fc
        .tuple(
          ...m.args.map((a) =>
            fieldArb(
              a.name === 'id'
                ? { ...a, name: `${m.name.replace(/^[a-z]+/, '').replace(/^./, (x) => x.toLowerCase())}Id` }
                : a,
              ctx,
              0,
            ),
          ),
        )
        .map((vals) => {
          const args: Record<string, unknown> = {};
          m.args.forEach((a, i) => vals[i].present && (args[a.name] = vals[i].value));
          return args;
        });
    const caseArb = (): fc.Arbitrary<Case> =>
      fc.oneof(
        ...mutations.map((m) => ({
          weight: WEIGHTS[m.name] ?? 10,
          arbitrary: fc.record({
            mutation: fc.constant(m),
            caller: fc.oneof(
              { weight: 8, arbitrary: fc.constant<Caller>('admin') },
              { weight: 4, arbitrary: fc.constant<Caller>('manager') },
              { weight: 3, arbitrary: fc.constant<Caller>('csmA') },
              { weight: 2, arbitrary: fc.constant<Caller>('csmB') },
              { weight: 2, arbitrary: fc.constant<Caller>('ingest') },
              { weight: 1, arbitrary: fc.constant<Caller>('anonymous') },
            ),
            args: fc.oneof(argsArb(m, ctxClean), argsArb(m, ctxDirty)),
          }),
        })),
      );
    // Generated in batches (seed + batch number) so that each batch targets the objects that exist by then.
    const cases: Case[] = [];

    const failures: Failure[] = [];
    const perMutation = new Map<string, { ok: number; err: number; checked: number; ms: number }>();
    const samples = new Map<string, string[]>();
    const codes = new Map<string, number>();
    const started = Date.now();

    const send = (c: Case): Promise<GraphqlAnswer> =>
      postGraphql(
        t.baseUrl,
        keys[c.caller],
        operationFor(c.mutation, Object.keys(c.args), schema),
        variablesFor(c.mutation, c.args),
      );
    const fail = (i: number, problem: string, answer: unknown) =>
      failures.push({
        index: i,
        problem,
        mutation: cases[i].mutation.name,
        caller: cases[i].caller,
        variables: short(variablesFor(cases[i].mutation, cases[i].args)),
        answer: short(answer),
      });
    // Cases that failed inside execution (HTTP 200 with errors: the resolver, a guard or a pipe ran), candidates for the count check.
    const executedFailures: number[] = [];

    // Pass 1: every case, CONCURRENCY in flight; each answer must be a success or a typed client error.
    for (let b = 0; b * BATCH < RUNS; b++) {
      await refreshPools();
      const offset = cases.length;
      cases.push(...fc.sample(caseArb(), { seed: SEED + b, numRuns: Math.min(BATCH, RUNS - offset) }));
      await runPool(
        cases.length - offset,
        CONCURRENCY,
        () => false,
        async (j) => {
          const i = offset + j;
          const c = cases[i];
          const t0 = Date.now();
          const { status, body, text } = await send(c);
          const stats = perMutation.get(c.mutation.name) ?? { ok: 0, err: 0, checked: 0, ms: 0 };
          perMutation.set(c.mutation.name, stats);
          stats.ms += Date.now() - t0;
          if (!body) return void fail(i, `HTTP ${status} with a body that is not JSON`, text);
          if (status >= 500) fail(i, `HTTP ${status}`, body);
          const errors = body.errors ?? [];
          for (const e of errors) {
            const code = e.extensions?.code ?? '(none)';
            codes.set(code, (codes.get(code) ?? 0) + 1);
            if (!CLIENT_CODES.has(code)) fail(i, `error code ${code}`, body);
          }
          if (!errors.length) {
            stats.ok++;
            if (body.data?.[c.mutation.name] === undefined) fail(i, 'no errors but no data', body);
            return;
          }
          stats.err++;
          if (status === 200) executedFailures.push(i);
          if (process.env.FUZZ_DEBUG) {
            const l = samples.get(c.mutation.name) ?? [];
            if (l.length < 6) l.push(short(errors[0].message, 160));
            samples.set(c.mutation.name, l);
          }
        },
      );
    }

    // Pass 2: failed mutations write nothing. A deterministic sample (every CHECK_EVERY-th, by case number) of the
    // cases that failed inside execution is replayed in groups of CONCURRENCY between two count snapshots, with
    // nothing else running. When the whole group fails again, the counts must be equal; when they differ, the
    // group's cases are replayed one by one to name the culprit. Groups with a success (state moved on) are skipped.
    const sample = executedFailures.sort((a, z) => a - z).filter((i) => i % CHECK_EVERY === 0);
    let checkedCases = 0;
    for (let g = 0; g < sample.length; g += CONCURRENCY) {
      const group = sample.slice(g, g + CONCURRENCY);
      const before = await snapshot();
      const answers = await Promise.all(group.map((i) => send(cases[i])));
      const after = await snapshot();
      if (answers.some((a) => !a.body?.errors?.length)) continue;
      checkedCases += group.length;
      for (const i of group) perMutation.get(cases[i].mutation.name)!.checked++;
      if (Object.keys(after).every((k) => after[k] === before[k])) continue;
      let named = false;
      for (const i of group) {
        const b1 = await snapshot();
        const a = await send(cases[i]);
        const a1 = await snapshot();
        const changed = Object.keys(a1).filter((k) => a1[k] !== b1[k]);
        if (a.body?.errors?.length && changed.length) {
          named = true;
          fail(
            i,
            `failed mutation changed row counts of ${changed.map((k) => `${k} ${b1[k]}→${a1[k]}`).join(', ')}`,
            a.body,
          );
        }
      }
      if (!named) {
        const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
        fail(
          group[0],
          `a group of failed mutations (cases ${group.join(', ')}) changed row counts of ${changed.map((k) => `${k} ${before[k]}→${after[k]}`).join(', ')}`,
          answers.map((a) => a.body),
        );
      }
    }
    expect(checkedCases).toBeGreaterThanOrEqual(Math.min(200, Math.floor(RUNS / 50)));

    if (process.env.FUZZ_DEBUG) for (const [m, l] of samples) console.log(`${m}:\n    ${l.join('\n    ')}`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const table = [...perMutation]
      .map(([m, s]) => `${m}: ${s.ok} ok, ${s.err} errors (${s.checked} count-checked), ${s.ms} ms`)
      .join('\n  ');

    console.log(
      `fuzz seed ${SEED}: ${cases.length} GraphQL cases + ${checkedCases} count-checked replays in ${seconds}s\n  ${table}\n  codes: ${short(Object.fromEntries(codes), 2000)}`,
    );
    if (failures.length) {
      throw new Error(
        `${failures.length} fuzz failures (seed ${SEED}; re-run with FUZZ_SEED=${SEED}); first ones:\n` +
          failures
            .slice(0, 8)
            .map(
              (f) =>
                `#${f.index} ${f.mutation} as ${f.caller}: ${f.problem}\n    variables: ${f.variables}\n    answer: ${f.answer}`,
            )
            .join('\n') +
          `\nservice error lines (level 50, last 6):\n${logLinesAtLeast(t.output(), 50).slice(-6).join('\n').slice(-6000)}` +
          `\nservice log (tail):\n${t.output().slice(-3000)}`,
      );
    }
    // Every mutation was exercised, and some cases of most got through validation.
    expect([...perMutation.keys()].sort()).toEqual(mutations.map((m) => m.name).sort());
    expect([...perMutation.values()].filter((s) => s.ok > 0).length).toBeGreaterThanOrEqual(
      Math.floor(mutations.length / 2),
    );
  }, 600_000);

  it(`answers ${INGEST_RUNS} hostile NDJSON bodies with 2xx and a summary or a 4xx JSON error, and stays up`, async () => {
    const accountIds = (await t.db.query(`SELECT id::text FROM accounts LIMIT 20`)).rows.map(
      (r: { id: string }) => r.id,
    );
    const signalInput = schema.types.get('SignalInput')!;
    const ctx: ValueContext = { schema, pools: { ...pools, realIds: accountIds }, wrongTypeRate: 0.05 };
    const lineArb: fc.Arbitrary<string> = fc.oneof(
      // A signal built from the introspected input type (plausible or hostile values), as one JSON line.
      {
        weight: 6,
        arbitrary: fc.tuple(...signalInput.inputFields!.map((f) => fieldArb(f, ctx, 0))).map((vals) => {
          const o: Record<string, unknown> = {};
          signalInput.inputFields!.forEach((f, i) => vals[i].present && (o[f.name] = vals[i].value));
          return JSON.stringify(o);
        }),
      },
      { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '{',
          '[]',
          '[{}]',
          'null',
          '"x"',
          '1',
          '{"id":',
          '\uFEFF{}',
          '{"a":1}{"b":2}',
          nestedJson(5000, false),
          nestedJson(20000, true),
        ),
      },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    );
    const bodyArb: fc.Arbitrary<{ body: Buffer; encoding?: string; contentType?: string; caller: Caller }> = fc.record({
      body: fc.oneof(
        {
          weight: 5,
          arbitrary: fc
            .tuple(fc.array(lineArb, { maxLength: 40 }), fc.constantFrom('\n', '\r\n', '\n\n'))
            .map(([ls, sep]) => Buffer.from(ls.join(sep))),
        },
        { weight: 2, arbitrary: fc.uint8Array({ maxLength: 4096 }).map((a) => Buffer.from(a)) },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(64 * 1024 - 1, 64 * 1024 + 1, 1024 * 1024)
            .map((n) => Buffer.from(`${'x'.repeat(n)}\n{"id":"a"}\n`)),
        },
        { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
      ),
      encoding: fc.constantFrom(
        undefined,
        undefined,
        'gzip',
        'gzip-valid',
        'gzip-truncated',
        'x-gzip',
        'br',
        'identity',
        'GZIP , deflate',
      ),
      contentType: fc.constantFrom(
        undefined,
        'application/x-ndjson',
        'application/json',
        'text/plain',
        'multipart/form-data; boundary=x',
      ),
      caller: fc.constantFrom<Caller>('ingest', 'ingest', 'ingest', 'admin', 'admin', 'manager', 'csmA', 'anonymous'),
    });
    const bodies = fc.sample(bodyArb, { seed: SEED + 1, numRuns: INGEST_RUNS });

    const failures: string[] = [];
    let resets = 0;
    const statuses = new Map<number, number>();
    await runPool(
      bodies.length,
      4,
      () => false,
      async (i) => {
        const b = bodies[i];
        let payload = b.body;
        let encoding = b.encoding;
        if (encoding === 'gzip-valid') [payload, encoding] = [gzipSync(payload), 'gzip'];
        else if (encoding === 'gzip-truncated')
          [payload, encoding] = [gzipSync(payload).subarray(0, Math.max(1, Math.floor(payload.length / 3))), 'gzip'];
        const headers: Record<string, string> = {};
        if (b.contentType) headers['content-type'] = b.contentType;
        if (encoding) headers['content-encoding'] = encoding;
        if (keys[b.caller]) headers.authorization = `Bearer ${keys[b.caller]}`;
        const what = `#${i} ${b.caller} encoding=${b.encoding} type=${b.contentType} (${payload.length} bytes) body=${short(b.body.toString('latin1'), 200)}`;
        let res: Response;
        try {
          res = await fetch(`${t.baseUrl}/ingest/signals`, { method: 'POST', headers, body: payload });
        } catch {
          // A reused keep-alive socket can be reset by a busy host (observed under heavy load, not reproducible
          // alone); the same body once more on a new connection must be answered.
          try {
            res = await fetch(`${t.baseUrl}/ingest/signals`, {
              method: 'POST',
              headers: { ...headers, connection: 'close' },
              body: payload,
            });
            resets++;
          } catch (err) {
            failures.push(`${what}: no answer, twice: ${String((err as Error).cause ?? err)}`);
            return;
          }
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const text = await res.text();
        let json: any;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        if (res.status >= 200 && res.status < 300) {
          if (!json || typeof json.lines !== 'number' || typeof json.accepted !== 'number')
            failures.push(`${what}: 2xx without a summary: ${short(text)}`);
        } else if (res.status >= 400 && res.status < 500) {
          if (!json || typeof json.error?.code !== 'string')
            failures.push(`${what}: ${res.status} without a JSON error: ${short(text)}`);
        } else failures.push(`${what}: HTTP ${res.status}: ${short(text)}`);
      },
    );

    console.log(
      `fuzz seed ${SEED}: ${bodies.length} NDJSON bodies, statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${resets} connection resets retried`,
    );
    if (failures.length)
      throw new Error(
        `${failures.length} NDJSON fuzz failures (seed ${SEED}):\n${failures.slice(0, 8).join('\n')}\nservice error lines (level 50, last 6):\n${logLinesAtLeast(t.output(), 50).slice(-6).join('\n').slice(-6000)}\nservice log (tail):\n${t.output().slice(-3000)}`,
      );

    const health = await fetch(`${t.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect((await t.ok('{ me { role } }')).me.role).toBe('ADMIN');
  }, 300_000);

  it('keeps the service up and logs no unhandled errors', async () => {
    const h = await fetch(`${t.baseUrl}/healthz`);
    expect(h.status).toBe(200);
    expect(t.output()).not.toMatch(/Unhandled rejection|Uncaught exception/);
  });
});
