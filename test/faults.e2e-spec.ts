import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { findFreePort } from '../src/database/embedded-postgres.launcher';
import { PgProcess, startPgProcess } from './utils/embedded-pg-process';
import { runCli } from './utils/cli';
import { createTestDatabase, logLinesAtLeast, spawnService, SpawnedService, waitForReady } from './utils/test-app';

/**
 * Fault injection (issue #8): the real service is killed with SIGKILL mid-ingest and mid-job, its PostgreSQL is
 * stopped and started under load, and two instances race for the same jobs. Assertions are on stored rows.
 *
 * FAULTS_INGEST_EVENTS sets the size of the NDJSON stream (default 500,000).
 */
const INGEST_EVENTS = Number(process.env.FAULTS_INGEST_EVENTS ?? 500_000);

/** Every service process this file started and that is still running: killed in afterAll whatever happened. */
const LIVE = new Set<SpawnedService>();
afterAll(async () => {
  for (const svc of [...LIVE]) {
    svc.child.kill('SIGKILL');
    await svc.exited;
  }
});

/** One service process on a given database, with its admin key; `kill9` is a crash, `stop` a graceful SIGTERM. */
class Instance {
  private constructor(
    readonly svc: SpawnedService,
    readonly baseUrl: string,
    readonly adminKey: string,
  ) {}

  static async start(databaseUrl: string, adminKey: string, env: Record<string, string> = {}): Promise<Instance> {
    const svc = spawnService({
      DATABASE_URL: databaseUrl,
      ADMIN_API_KEY: adminKey,
      RATE_LIMIT_PER_MINUTE: '0',
      INGEST_RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    });
    LIVE.add(svc);
    void svc.exited.then(() => LIVE.delete(svc));
    return new Instance(svc, await waitForReady(svc, 90_000), adminKey);
  }

  async gql(
    query: string,
    variables: Record<string, unknown> = {},
    timeoutMs = 60_000,
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.adminKey}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = { raw: text };
    }
    return { status: res.status, body };
  }

  async ok(query: string, variables: Record<string, unknown> = {}): Promise<any> {
    const r = await this.gql(query, variables);
    if (r.body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.body.errors)}`);
    return r.body.data;
  }

  async kill9(): Promise<void> {
    if (this.svc.child.exitCode === null && this.svc.child.signalCode === null) this.svc.child.kill('SIGKILL');
    await this.svc.exited;
  }

  async stop(): Promise<void> {
    if (this.svc.child.exitCode === null && this.svc.child.signalCode === null) this.svc.child.kill('SIGTERM');
    await this.svc.exited;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Rollup cells (signal_daily) that differ from a recount of the raw events, in either direction. */
const ROLLUP_MISMATCHES = `
WITH raw AS (
  SELECT account_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, type, count(*)::int AS n, sum(quantity)::float8 AS q,
         COALESCE(array_agg(DISTINCT properties->>'feature' ORDER BY properties->>'feature') FILTER (WHERE type = 'feature_used'), '{}') AS features,
         (count(*) FILTER (WHERE type = 'support_ticket' AND properties->>'sentiment' = 'positive'))::int AS tp,
         (count(*) FILTER (WHERE type = 'support_ticket' AND properties->>'sentiment' = 'neutral'))::int AS tn,
         (count(*) FILTER (WHERE type = 'support_ticket' AND properties->>'sentiment' = 'negative'))::int AS tneg
    FROM signal_events GROUP BY 1, 2, 3)
SELECT count(*)::int AS n FROM raw FULL JOIN signal_daily d USING (account_id, day, type)
 WHERE raw.n IS DISTINCT FROM d.count OR d.quantity IS NULL OR raw.q IS NULL OR abs(raw.q - d.quantity) > 1e-6
    OR raw.features IS DISTINCT FROM d.features OR raw.tp IS DISTINCT FROM d.tickets_positive
    OR raw.tn IS DISTINCT FROM d.tickets_neutral OR raw.tneg IS DISTINCT FROM d.tickets_negative`;

describe('fault injection', () => {
  // ------------------------------------------------------------------------------------------------ ingest
  describe(`kill -9 during a ${INGEST_EVENTS.toLocaleString('en')}-event NDJSON ingest, restart, re-send`, () => {
    const ACCOUNTS = 300;
    const FEATURES = ['reports', 'export', 'alerts', 'api', 'sso'];
    const SENTIMENTS = ['positive', 'neutral', 'negative'];
    const base = Date.now() - 3_600_000;
    /** Line i (0-based). Every 10th line repeats the id (and account) of line i-5 with other content: the first wins. */
    const line = (i: number): string => {
      const k = i % 10 === 9 ? i - 5 : i;
      const acct = `FLT-${k % ACCOUNTS}`;
      const at = new Date(base - (i % (20 * 24)) * 3_600_000 - (i % 3600) * 1000).toISOString();
      const id = `e-${k}`;
      switch (i % 4) {
        case 0:
          return JSON.stringify({ id, accountExternalId: acct, type: 'login', occurredAt: at });
        case 1:
          return JSON.stringify({
            id,
            accountExternalId: acct,
            type: 'feature_used',
            occurredAt: at,
            properties: { feature: FEATURES[i % 5] },
          });
        case 2:
          return JSON.stringify({ id, accountExternalId: acct, type: 'seats', occurredAt: at, quantity: (i % 17) + 1 });
        default:
          return JSON.stringify({
            id,
            accountExternalId: acct,
            type: 'support_ticket',
            occurredAt: at,
            properties: { sentiment: SENTIMENTS[i % 3] },
          });
      }
    };
    const distinctIds = INGEST_EVENTS - Math.floor(INGEST_EVENTS / 10);

    /**
     * Streams the NDJSON body (generated on the fly, written with back-pressure) to POST /ingest/signals.
     * Resolves with the HTTP status and summary, or with the socket error when the server dies.
     */
    const send = (inst: Instance): Promise<{ status: number; body: any } | { error: string }> =>
      new Promise((resolve) => {
        const url = new URL(`${inst.baseUrl}/ingest/signals`);
        const req = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${inst.adminKey}` },
          },
          (res) => {
            let text = '';
            res.on('data', (b) => (text += b));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
            res.on('error', (err) => resolve({ error: String(err) }));
          },
        );
        let failed = false;
        req.on('error', (err) => {
          failed = true;
          resolve({ error: String(err) });
        });
        let i = 0;
        const pump = () => {
          while (i < INGEST_EVENTS && !failed) {
            let chunk = '';
            while (i < INGEST_EVENTS && chunk.length < 65_536) chunk += line(i++) + '\n';
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          if (!failed) req.end();
        };
        pump();
      });

    let databaseUrl: string;
    let db: Pool;
    const adminKey = `vk_${randomBytes(32).toString('base64url')}`;
    // Health recomputes after each chunk are not what is measured here.
    const env = { HEALTH_DEBOUNCE_MS: '600000' };

    beforeAll(async () => {
      databaseUrl = await createTestDatabase();
      db = new Pool({ connectionString: databaseUrl, max: 2 });
    });
    afterAll(() => db?.end());

    it('stores exactly the distinct ids once, with rollups equal to a recount of the raw events', async () => {
      const t0 = Date.now();
      let inst = await Instance.start(databaseUrl, adminKey, env);
      // A few hundred accounts up front: batched HTTP requests of 10 createAccount mutations (the batch limit), 3 at a time.
      const batch = async (from: number) => {
        const ops = Array.from({ length: Math.min(10, ACCOUNTS - from) }, (_, k) => ({
          query: `mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`,
          variables: {
            i: { externalId: `FLT-${from + k}`, name: `Faults ${from + k}`, segment: (from + k) % 2 ? 'SMB' : 'MID' },
          },
        }));
        const res = await fetch(`${inst.baseUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
          body: JSON.stringify(ops),
        });
        const body = (await res.json()) as any[];
        if (!Array.isArray(body) || body.some((r) => !r.data?.createAccount?.id))
          throw new Error(`createAccount batch failed: ${JSON.stringify(body)}`);
      };
      for (let from = 0; from < ACCOUNTS; from += 30)
        await Promise.all([from, from + 10, from + 20].filter((f) => f < ACCOUNTS).map(batch));
      expect((await db.query(`SELECT count(*)::int AS n FROM accounts WHERE external_id LIKE 'FLT-%'`)).rows[0].n).toBe(
        ACCOUNTS,
      );

      // First attempt: kill -9 once at least two chunks are committed (the third is in flight).
      const first = send(inst);
      const committedBeforeKill = await until(
        'two committed chunks',
        async () => {
          const n = (await db.query(`SELECT count(*)::int AS n FROM signal_ids`)).rows[0].n;
          return n >= 80_000 || (INGEST_EVENTS < 150_000 && n > 0) ? n : null;
        },
        120_000,
        50,
      );
      await inst.kill9();
      const outcome = await first;
      expect('error' in outcome).toBe(true); // the client saw the connection die, no summary
      const tKill = Date.now();

      // Crash consistency before any re-send: what is stored is whole chunks, and the rollups match it.
      const afterCrash = (
        await db.query(
          `SELECT (SELECT count(*) FROM signal_ids)::int AS ids, (SELECT count(*) FROM signal_events)::int AS events`,
        )
      ).rows[0];
      expect(afterCrash.ids).toBeGreaterThanOrEqual(committedBeforeKill);
      expect(afterCrash.ids).toBeLessThan(distinctIds);
      expect(afterCrash.events).toBe(afterCrash.ids);
      expect((await db.query(ROLLUP_MISMATCHES)).rows[0].n).toBe(0);

      // Restart and re-send everything with the same ids.
      inst = await Instance.start(databaseUrl, adminKey, env);
      const again = await send(inst);
      expect('error' in again).toBe(false);
      const { status, body } = again as { status: number; body: any };
      expect(status).toBe(200);
      expect(body.lines).toBe(INGEST_EVENTS);
      expect(body.rejectedCount).toBe(0);
      expect(body.accepted).toBe(distinctIds - afterCrash.ids);
      expect(body.duplicates).toBe(INGEST_EVENTS - body.accepted);

      const after = (
        await db.query(`SELECT (SELECT count(*) FROM signal_ids)::int AS ids, (SELECT count(*) FROM signal_events)::int AS events,
               (SELECT sum(count)::int FROM signal_daily) AS rolled`)
      ).rows[0];
      expect(after).toEqual({ ids: distinctIds, events: distinctIds, rolled: distinctIds });
      expect((await db.query(ROLLUP_MISMATCHES)).rows[0].n).toBe(0);
      // The first occurrence of a repeated id is the one stored (line 4 → id e-4 is a login, line 9 repeats it as a ticket).
      const e4 = (await db.query(`SELECT type FROM signal_events WHERE id = 'e-4'`)).rows;
      expect(e4).toEqual([{ type: 'login' }]);
      await inst.stop();
      process.stdout.write(
        `faults/ingest: ${INGEST_EVENTS} lines, ${afterCrash.ids} committed before kill -9, total ${((Date.now() - t0) / 1000).toFixed(1)} s (re-send ${((Date.now() - tKill) / 1000).toFixed(1)} s)\n`,
      );
    }, 300_000);
  });

  // ------------------------------------------------------------------------------------------------ PG restart
  describe('PostgreSQL restarts while requests flow', () => {
    let dataDir: string;
    let port: number;
    let pg: PgProcess | null = null;
    let inst: Instance | null = null;

    afterAll(async () => {
      await inst?.stop();
      await pg?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('answers every request within 10 s (typed SERVICE_UNAVAILABLE during the outage), /healthz 503 → 200, recovers without a restart', async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'vitals-faults-pg-'));
      port = await findFreePort();
      pg = await startPgProcess({ dataDir, port, database: 'vitals_faults' });
      const adminKey = `vk_${randomBytes(32).toString('base64url')}`;
      inst = await Instance.start(pg.url, adminKey);
      const i = inst;
      await i.ok(`mutation { createAccount(input: { externalId: "PGR-1", name: "Restart one" }) { id } }`);

      type Sample = {
        kind: string;
        start: number;
        ms: number;
        status: number;
        code?: string;
        message?: string;
        error?: string;
        partial?: boolean;
      };
      const samples: Sample[] = [];
      let running = true;
      const LIST = `{ accounts(first: 5) { edges { node { id name } } } }`;
      let acknowledged = 0;
      const worker = async (kind: 'query' | 'mutation' | 'healthz' | 'ingest') => {
        let n = 0;
        while (running) {
          const start = Date.now();
          try {
            if (kind === 'ingest') {
              const res = await fetch(`${i.baseUrl}/ingest/signals`, {
                method: 'POST',
                headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${adminKey}` },
                body:
                  JSON.stringify({
                    id: `pgr-${n++}`,
                    accountExternalId: 'PGR-1',
                    type: 'login',
                    occurredAt: new Date(Date.now() - 60_000).toISOString(),
                  }) + '\n',
                signal: AbortSignal.timeout(30_000),
              });
              const body = (await res.json()) as any;
              if (res.status === 200) acknowledged += body.accepted;
              samples.push({
                kind,
                start,
                ms: Date.now() - start,
                status: res.status,
                code: body.error?.code,
                message: body.error?.message,
              });
            } else if (kind === 'healthz') {
              const res = await fetch(`${i.baseUrl}/healthz`, { signal: AbortSignal.timeout(30_000) });
              await res.text();
              samples.push({ kind, start, ms: Date.now() - start, status: res.status });
            } else {
              const r =
                kind === 'query'
                  ? await i.gql(LIST, {}, 30_000)
                  : await i.gql(
                      `mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`,
                      { i: { externalId: `PGR-W-${n++}`, name: 'Written under load' } },
                      30_000,
                    );
              const err = r.body.errors?.[0];
              const partial = !!r.body.data && Object.values(r.body.data).some((v) => v !== null);
              samples.push({
                kind,
                start,
                ms: Date.now() - start,
                status: r.status,
                code: err?.extensions?.code,
                message: err?.message,
                partial,
              });
            }
          } catch (err) {
            samples.push({ kind, start, ms: Date.now() - start, status: 0, error: String(err) });
          }
          await sleep(50);
        }
      };
      const workers = [worker('query'), worker('query'), worker('mutation'), worker('ingest'), worker('healthz')];
      await sleep(1500);

      const stopAt = Date.now();
      await pg.stop();
      pg = null;
      const downSeen = await until('/healthz 503', async () => {
        const res = await fetch(`${i.baseUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
        return res.status === 503 ? Date.now() : null;
      }).catch(async (err) => {
        // Say whether the service was still there, with its last lines, rather than only that 503 never came.
        await sleep(1000); // the rest of a dead service's output (stdio may be read after its exit event)
        throw new Error(
          `${(err as Error).message}; service exit code ${i.svc.child.exitCode} signal ${i.svc.child.signalCode}; non-JSON output:\n${i.svc
            .output()
            .split('\n')
            .filter((l) => !l.startsWith('{'))
            .join('\n')
            .slice(-3000)}\nlast output:\n${i.svc.output().slice(-2000)}`,
        );
      });
      await sleep(4000); // an outage of a few seconds under load
      const startAt = Date.now();
      pg = await startPgProcess({ dataDir, port, database: 'vitals_faults' });
      const upSeen = await until('/healthz 200', async () => {
        const res = await fetch(`${i.baseUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
        return res.status === 200 ? Date.now() : null;
      });
      // GraphQL recovers on the same process: reads and writes succeed again.
      await until(
        'a GraphQL read after the restart',
        async () => ((await i.gql(LIST)).body.data?.accounts ? true : null),
        30_000,
        200,
      );
      await i.ok(`mutation { createAccount(input: { externalId: "PGR-2", name: "After restart" }) { id } }`);
      await sleep(1000);
      running = false;
      await Promise.all(workers);

      const slowest = samples.reduce((a, s) => (s.ms > a.ms ? s : a), samples[0]);
      const during = samples.filter((s) => s.start >= stopAt && s.start < startAt);
      const failed = samples.filter((s) => s.kind !== 'healthz' && (s.code || s.status !== 200 || s.error));
      const codes = [
        ...new Set(
          failed.map((s) => `${s.kind} ${s.status}/${s.code ?? s.error}${s.partial ? ' (partial data)' : ''}`),
        ),
      ];
      process.stdout.write(
        `faults/pg-restart: ${samples.length} requests (${during.length} during the ${startAt - stopAt} ms outage), slowest ${slowest.ms} ms (${slowest.kind}), ` +
          `healthz 503 after ${downSeen - stopAt} ms, 200 ${upSeen - startAt} ms after the start; errors: ${codes.join(', ') || 'none'}\n`,
      );
      expect(samples.every((s) => s.ms < 10_000)).toBe(true);
      expect(samples.some((s) => s.error)).toBe(false); // every request got an HTTP answer
      expect(during.filter((s) => s.kind !== 'healthz').length).toBeGreaterThan(5);
      // The outage is typed: SERVICE_UNAVAILABLE with HTTP 503, a generic message, no internals.
      expect(failed.length).toBeGreaterThan(0);
      // On an unexpected answer, show the service's error lines (the cause is in its log, not in the answer).
      const unexpected = failed.filter((s) => s.code !== 'SERVICE_UNAVAILABLE');
      if (unexpected.length) {
        const errorLines = logLinesAtLeast(i.svc.output(), 50).filter(
          (l) => !/ECONNREFUSED|shutting down|administrator command/.test(l),
        );
        process.stdout.write(
          `faults/pg-restart: unexpected answers ${JSON.stringify(unexpected)}\nservice errors:\n${errorLines.map((l) => l.slice(0, 1500)).join('\n')}\n`,
        );
      }
      for (const s of failed) {
        // HTTP 503 whether the key lookup, a resolver or /ingest/signals met the outage.
        expect(s.code).toBe('SERVICE_UNAVAILABLE');
        expect(s.status).toBe(503);
        expect(s.message).toBe('The database is unavailable; retry shortly');
      }
      expect(samples.filter((s) => s.kind === 'healthz' && s.status === 503).length).toBeGreaterThan(0);
      expect(failed.filter((s) => s.kind === 'ingest').every((s) => s.status === 503)).toBe(true);
      expect(failed.some((s) => s.status === 503 && s.kind !== 'ingest')).toBe(true);
      // After recovery nothing fails any more.
      const lateFailures = samples.filter((s) => s.start > upSeen + 1000 && (s.status !== 200 || s.code));
      expect(lateFailures).toEqual([]);
      // The writes that answered successfully are stored (none lost, none doubled).
      const ok = samples.filter((s) => s.kind === 'mutation' && s.status === 200 && !s.code).length;
      const check = new Pool({ connectionString: pg.url, max: 1 });
      try {
        const n = (await check.query(`SELECT count(*)::int AS n FROM accounts WHERE external_id LIKE 'PGR-W-%'`))
          .rows[0].n;
        expect(n).toBe(ok);
        // Every acknowledged signal is stored (once).
        const stored = (await check.query(`SELECT count(*)::int AS n FROM signal_ids WHERE id LIKE 'pgr-%'`)).rows[0].n;
        expect(stored).toBeGreaterThanOrEqual(acknowledged);
        expect(stored).toBeLessThanOrEqual(samples.filter((x) => x.kind === 'ingest').length);
      } finally {
        await check.end();
      }
    }, 180_000);
  });

  // ------------------------------------------------------------------------------------------------ jobs
  describe('scheduled jobs: two instances on one database, and kill -9 half-way', () => {
    const ACCOUNTS = Number(process.env.FAULTS_JOB_ACCOUNTS ?? 5000);
    let databaseUrl: string;
    let db: Pool;
    const adminKey = `vk_${randomBytes(32).toString('base64url')}`;
    const env = { HEALTH_DEBOUNCE_MS: '600000' };
    let a: Instance | null = null;
    let b: Instance | null = null;

    /** Runs of `job` in job_runs, in start order. */
    const runs = async (job: string) =>
      (
        await db.query(
          `SELECT id::int, instance, status, detail, started_at, finished_at FROM job_runs WHERE job = $1 ORDER BY started_at, id`,
          [job],
        )
      ).rows;
    /** No two runs of the job overlap in time (each ends before the next starts). */
    const expectSequential = (rows: Array<{ started_at: Date; finished_at: Date | null }>) => {
      for (let k = 1; k < rows.length; k++) {
        expect(rows[k - 1].finished_at).not.toBeNull();
        expect(rows[k].started_at.getTime()).toBeGreaterThanOrEqual(rows[k - 1].finished_at!.getTime());
      }
    };

    beforeAll(async () => {
      databaseUrl = await createTestDatabase();
      db = new Pool({ connectionString: databaseUrl, max: 2 });
      a = await Instance.start(databaseUrl, adminKey, env);
      // A bigger demo book (no signals), loaded by the CLI against the same database.
      const r = runCli(['demo', '--accounts', String(ACCOUNTS), '--no-signals'], databaseUrl, {
        env: { NODE_ENV: 'test' },
        timeoutMs: 240_000,
      });
      if (r.code !== 0) throw new Error(`demo failed: ${r.stdout}\n${r.stderr}`);
      b = await Instance.start(databaseUrl, adminKey, env);
    }, 300_000);
    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await db?.end();
    });

    it('recomputeHealth (full) on both instances at once runs one after the other, never together', async () => {
      const t0 = Date.now();
      const [ra, rb] = await Promise.all([
        a!.ok(`mutation { recomputeHealth }`),
        b!.ok(`mutation { recomputeHealth }`),
      ]);
      expect(ra.recomputeHealth).toBeGreaterThan(0);
      expect(rb.recomputeHealth).toBe(ra.recomputeHealth);
      const rows = await runs('health-full');
      expect(rows.map((r) => [r.status, r.detail])).toEqual([
        ['DONE', null],
        ['DONE', null],
      ]);
      expect(new Set(rows.map((r) => r.instance)).size).toBe(2);
      expectSequential(rows);
      const n = (await db.query(`SELECT count(*)::int AS n FROM health_current`)).rows[0].n;
      expect(n).toBe(ra.recomputeHealth);
      process.stdout.write(
        `faults/jobs: two concurrent full health recomputes of ${n} accounts in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
      );
    }, 180_000);

    it('more full recomputes at once than the instance has pooled connections (20) all finish, one at a time', async () => {
      // Waiters must not hold pooled connections while the running recompute needs several (its lock, its
      // transaction, its concurrent compute parts): that starved the pool before.
      const before = (await runs('health-full')).length;
      const N = 24;
      const results = await Promise.all(Array.from({ length: N }, () => a!.ok(`mutation { recomputeHealth }`)));
      const n = (await db.query(`SELECT count(*)::int AS n FROM health_current`)).rows[0].n;
      for (const r of results) expect(r.recomputeHealth).toBe(n);
      const rows = await runs('health-full');
      expect(rows.slice(before).map((r) => r.status)).toEqual(Array(N).fill('DONE'));
      expectSequential(rows);
    }, 180_000);

    it('runPlaybookSweep on both instances at once starts each run once (nothing doubled, nothing lost)', async () => {
      // Only the sweep's triggers (event-driven runs from the recomputes above may still be arriving).
      const RUNS = `SELECT count(*)::int AS n FROM playbook_runs WHERE trigger_kind IN ('RENEWAL_WITHIN', 'CHURNED_FOR')`;
      const before = (await db.query(RUNS)).rows[0].n;
      const [x, y] = await Promise.all([
        a!.ok(`mutation { runPlaybookSweep }`),
        b!.ok(`mutation { runPlaybookSweep }`),
      ]);
      const started = (await db.query(RUNS)).rows[0].n - before;
      expect(started).toBeGreaterThan(0);
      expect(x.runPlaybookSweep + y.runPlaybookSweep).toBe(started);
      expect([x.runPlaybookSweep, y.runPlaybookSweep]).toContain(0); // the second found nothing left
      const dup = await db.query(`
        SELECT count(*)::int AS n FROM (SELECT 1 FROM playbook_runs WHERE trigger_key IS NOT NULL
          GROUP BY account_id, playbook_id, trigger_key HAVING count(*) > 1) d`);
      expect(dup.rows[0].n).toBe(0);
      const rows = await runs('playbook-sweep');
      expect(rows.map((r) => r.status)).toEqual(['DONE', 'DONE']);
      expectSequential(rows);
      // A second sweep finds nothing left to start.
      expect((await a!.ok(`mutation { runPlaybookSweep }`)).runPlaybookSweep).toBe(0);
      process.stdout.write(
        `faults/jobs: concurrent playbook sweeps started ${started} runs (${x.runPlaybookSweep} + ${y.runPlaybookSweep})\n`,
      );
    }, 180_000);

    it('trainRiskModel on both instances at once trains one at a time; both end ACTIVE/RETIRED', async () => {
      const TRAIN = `mutation { trainRiskModel { id status } }`;
      const [ma, mb] = await Promise.all([a!.ok(TRAIN), b!.ok(TRAIN)]);
      expect([ma.trainRiskModel.status, mb.trainRiskModel.status]).toEqual(['TRAINING', 'TRAINING']);
      await until(
        'both trainings done',
        async () =>
          (await db.query(`SELECT count(*)::int AS n FROM risk_models WHERE status = 'TRAINING'`)).rows[0].n === 0
            ? true
            : null,
        240_000,
        250,
      );
      // Each run ends after activation and the rescoring of the book.
      await until(
        'both runs traced',
        async () => ((await runs('risk-training')).every((r) => r.status !== 'RUNNING') ? true : null),
        120_000,
        250,
      );
      const models = (await db.query(`SELECT id, status FROM risk_models ORDER BY version`)).rows;
      expect(models.map((m) => m.status).sort()).toEqual(['ACTIVE', 'RETIRED']);
      const rows = await runs('risk-training');
      expect(rows.map((r) => [r.status, r.detail])).toEqual([
        ['DONE', null],
        ['DONE', null],
      ]);
      expectSequential(rows);
    }, 300_000);

    it('kill -9 during a full health recompute leaves each account old or new (never half-written), and the next start resumes it', async () => {
      const before = new Map(
        (await db.query(`SELECT account_id, computed_at FROM health_current`)).rows.map((r) => [
          r.account_id,
          r.computed_at.getTime(),
        ]),
      );
      const prior = (await runs('health-full')).length;
      // Start a full recompute on A and kill A while it runs.
      const pending = a!.gql(`mutation { recomputeHealth }`, {}, 120_000).catch((err) => ({ error: String(err) }));
      await until(
        'the run to start',
        async () => ((await runs('health-full')).some((r) => r.status === 'RUNNING') ? true : null),
        60_000,
        20,
      );
      await sleep(150);
      await a!.kill9();
      await pending;
      const killed = (await runs('health-full')).slice(prior);
      expect(killed.map((r) => r.status)).toEqual(['RUNNING']); // it really was interrupted half-way

      // No partial state: per account, current snapshot and today's history point come from the same write.
      const torn = await db.query(`
        SELECT count(*)::int AS n FROM health_current c
          LEFT JOIN health_history h ON h.account_id = c.account_id AND h.day = (c.computed_at AT TIME ZONE 'UTC')::date
         WHERE h.computed_at IS DISTINCT FROM c.computed_at`);
      expect(torn.rows[0].n).toBe(0);
      // Whole chunks only: every account has either its old snapshot or one of at most ceil(n/5000) new write times.
      const now = (await db.query(`SELECT account_id, computed_at FROM health_current`)).rows;
      const newStamps = new Set(
        now.filter((r) => before.get(r.account_id) !== r.computed_at.getTime()).map((r) => r.computed_at.getTime()),
      );
      expect(newStamps.size).toBeLessThanOrEqual(Math.ceil(now.length / 5000));

      // The next start marks the run INTERRUPTED and resumes it to completion (no new request needed).
      a = await Instance.start(databaseUrl, adminKey, env);
      const resumed = await until(
        'the resumed run to finish',
        async () => {
          const rows = (await runs('health-full')).slice(prior);
          return rows.length >= 2 && rows[rows.length - 1].status === 'DONE' ? rows : null;
        },
        120_000,
        250,
      );
      expect(resumed[0].status).toBe('INTERRUPTED');
      expectSequential(resumed);
      const last = resumed[resumed.length - 1];
      const stale = await db.query(`SELECT count(*)::int AS n FROM health_current WHERE computed_at < $1`, [
        last.started_at,
      ]);
      expect(stale.rows[0].n).toBe(0);
    }, 300_000);

    it('kill -9 during risk training: the TRAINING row becomes FAILED on the next start, and the next training completes', async () => {
      const active = (await db.query(`SELECT id FROM risk_models WHERE status = 'ACTIVE'`)).rows;
      expect(active).toHaveLength(1);
      const m = await b!.ok(`mutation { trainRiskModel { id status } }`);
      await until(
        'training to start',
        async () => ((await runs('risk-training')).some((r) => r.status === 'RUNNING') ? true : null),
        60_000,
        20,
      );
      await b!.kill9();
      b = null;
      const row = (await db.query(`SELECT status FROM risk_models WHERE id = $1`, [m.trainRiskModel.id])).rows[0];
      expect(row.status).toBe('TRAINING');
      // The previous ACTIVE model is untouched (activation is one transaction at the end).
      expect((await db.query(`SELECT id FROM risk_models WHERE status = 'ACTIVE'`)).rows).toEqual(active);

      b = await Instance.start(databaseUrl, adminKey, env);
      const failed = (await db.query(`SELECT status, note FROM risk_models WHERE id = $1`, [m.trainRiskModel.id]))
        .rows[0];
      expect(failed.status).toBe('FAILED');
      expect(failed.note).toMatch(/interrupted/);
      expect((await runs('risk-training')).filter((r) => r.status === 'RUNNING')).toEqual([]);

      const next = await b.ok(`mutation { trainRiskModel { id } }`);
      const done = await until(
        'the next training',
        async () => {
          const r = (await db.query(`SELECT status FROM risk_models WHERE id = $1`, [next.trainRiskModel.id])).rows[0];
          return r.status !== 'TRAINING' ? r : null;
        },
        240_000,
        250,
      );
      expect(done.status).toBe('ACTIVE');
      expect((await db.query(`SELECT count(*)::int AS n FROM risk_models WHERE status = 'ACTIVE'`)).rows[0].n).toBe(1);
    }, 300_000);
  });
});
