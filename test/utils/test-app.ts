import { randomBytes } from 'node:crypto';
import { spawn, ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { SERVICE_NODE_FLAGS } from '../../src/config/node-flags';

/**
 * e2e harness: the real service runs as its own process (exactly as `npm start` runs it), on a fresh
 * database of the test PostgreSQL, and tests talk to it over HTTP. Assertions on stored rows use `pg`.
 */
export interface GqlError {
  message: string;
  extensions?: { code?: string; field?: string; fields?: Array<{ field: string; message: string }> };
}
export interface GqlResponse<T = any> {
  status: number;
  data: T;
  errors?: GqlError[];
}

const ROOT = join(__dirname, '..', '..');

/** A fresh, empty database on the test server (each suite gets its own). */
export async function createTestDatabase(): Promise<string> {
  const base = process.env.VITALS_TEST_DB_URL;
  if (!base) throw new Error('VITALS_TEST_DB_URL is not set: run tests through jest (globalSetup starts PostgreSQL)');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface SpawnedService {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Spawns `src/main.ts` with the given environment (no inherited DATABASE_URL etc.). */
export function spawnService(env: Record<string, string>): SpawnedService {
  let out = '';
  const child = spawn(
    process.execPath,
    [...SERVICE_NODE_FLAGS, '-r', 'ts-node/register/transpile-only', 'src/main.ts'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DEMO_DATA: 'false',
        PORT: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.on('data', (b) => (out += b.toString()));
  child.stderr.on('data', (b) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Resolves with the GraphQL URL the service printed, or rejects with its output if it died first. */
export async function waitForReady(s: SpawnedService, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = /GraphQL at (http:\/\/\S+)\/graphql/.exec(s.output());
    if (m) return m[1];
    if (s.child.exitCode !== null) throw new Error(`service exited with ${s.child.exitCode}:\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  s.child.kill('SIGKILL');
  throw new Error(`service did not become ready:\n${s.output()}`);
}

export class TestApp {
  readonly db: Pool;

  constructor(
    private service: SpawnedService,
    public baseUrl: string,
    readonly databaseUrl: string,
    readonly adminKey: string,
    private readonly env: Record<string, string>,
  ) {
    this.db = new Pool({ connectionString: databaseUrl, max: 4 });
  }

  output(): string {
    return this.service.output();
  }

  async gql<T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    key: string | null = this.adminKey,
  ): Promise<GqlResponse<T>> {
    const res = await fetch(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data: T; errors?: GqlError[] };
    return { status: res.status, data: body.data, errors: body.errors };
  }

  /** Runs an operation that must succeed; throws with the errors otherwise. */
  async ok<T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    key: string | null = this.adminKey,
  ): Promise<T> {
    const r = await this.gql<T>(query, variables, key);
    if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
    return r.data;
  }

  /** Creates a user with a role; returns their id and API key. */
  async user(role: string, email = `${role.toLowerCase()}-${randomBytes(4).toString('hex')}@test.vitals`) {
    const d = await this.ok<{ createUser: { user: { id: string }; apiKey: string } }>(
      `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } apiKey } }`,
      { i: { name: `Test ${role}`, email, role } },
    );
    return { id: d.createUser.user.id, key: d.createUser.apiKey };
  }

  async count(table: string, where = 'TRUE', params: unknown[] = []): Promise<number> {
    const r = await this.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
    return r.rows[0].n;
  }

  /** Stops the service with SIGTERM (graceful shutdown) and waits for it to exit. */
  async stop(): Promise<number | null> {
    if (this.service.child.exitCode === null) this.service.child.kill('SIGTERM');
    return this.service.exited;
  }

  /** Stops and starts the service again on the same database. */
  async restart(): Promise<void> {
    await this.stop();
    this.service = spawnService({ ...this.env });
    this.baseUrl = await waitForReady(this.service);
  }

  async close(): Promise<void> {
    await this.stop();
    await this.db.end();
  }
}

/** Boots the service on a fresh database of the test PostgreSQL. */
export async function startTestApp(
  opts: { databaseUrl?: string; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const databaseUrl = opts.databaseUrl ?? (await createTestDatabase());
  const adminKey = `vk_${randomBytes(32).toString('base64url')}`;
  const env = { DATABASE_URL: databaseUrl, ADMIN_API_KEY: adminKey, ...opts.env };
  const service = spawnService(env);
  const baseUrl = await waitForReady(service);
  return new TestApp(service, baseUrl, databaseUrl, adminKey, env);
}

/** The service's JSON log lines at `minLevel` or above (pino: 40 warn, 50 error), in order. */
export function logLinesAtLeast(output: string, minLevel: number): string[] {
  return output.split('\n').filter((l) => {
    const m = /"level":(\d+)/.exec(l);
    return m !== null && Number(m[1]) >= minLevel;
  });
}

export function errorCode(r: GqlResponse): string | undefined {
  return r.errors?.[0]?.extensions?.code;
}
