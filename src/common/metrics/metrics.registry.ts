import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The service's Prometheus metrics, in one registry per process (job runs and ingestion are counted from plain
 * functions, outside Nest's container). Labels are bounded: routes and operation names are normalised below.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'vitals_' });

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const httpDuration = new Histogram({
  name: 'vitals_http_request_duration_seconds',
  help: 'HTTP requests by route and status class (2xx, 4xx, 5xx).',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: SECONDS,
  registers: [metricsRegistry],
});

export const graphqlDuration = new Histogram({
  name: 'vitals_graphql_request_duration_seconds',
  help: 'GraphQL operations by operation name and outcome (success, client_error, server_error).',
  labelNames: ['operation', 'outcome'] as const,
  buckets: SECONDS,
  registers: [metricsRegistry],
});

export const graphqlErrors = new Counter({
  name: 'vitals_graphql_errors_total',
  help: 'GraphQL errors by extensions.code.',
  labelNames: ['code'] as const,
  registers: [metricsRegistry],
});

const ingested = new Counter({
  name: 'vitals_ingested_signals_total',
  help: 'Signals received, by ingestion path and result (accepted, duplicate, rejected).',
  labelNames: ['path', 'result'] as const,
  registers: [metricsRegistry],
});

const jobRuns = new Counter({
  name: 'vitals_job_runs_total',
  help: 'Runs of exclusive jobs by job and status (done, failed, skipped: another instance had it).',
  labelNames: ['job', 'status'] as const,
  registers: [metricsRegistry],
});

const jobDuration = new Histogram({
  name: 'vitals_job_run_duration_seconds',
  help: 'Duration of exclusive job runs (done or failed).',
  labelNames: ['job'] as const,
  buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
  registers: [metricsRegistry],
});

/** The pg pool's counters (pg.Pool's totalCount / idleCount / waitingCount). */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}
let poolSource: (() => PoolCounts | null) | null = null;

/** Where the database pool gauges read from (set once the DataSource exists). */
export function setDatabasePool(source: () => PoolCounts | null): void {
  poolSource = source;
}

new Gauge({
  name: 'vitals_db_pool_connections',
  help: 'Database pool connections by state (in_use, idle).',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
  collect() {
    const p = poolSource?.();
    if (!p) return;
    this.set({ state: 'in_use' }, p.totalCount - p.idleCount);
    this.set({ state: 'idle' }, p.idleCount);
  },
});

new Gauge({
  name: 'vitals_db_pool_waiting',
  help: 'Requests waiting for a database connection.',
  registers: [metricsRegistry],
  collect() {
    const p = poolSource?.();
    if (p) this.set(p.waitingCount);
  },
});

/**
 * Counts one ingestion: the hook every path calls with what it stored (`graphql` batches, `ndjson` streams, and
 * the connectors, e.g. `segment`, `stripe`, under their own path label).
 */
export function recordIngestion(path: string, r: { accepted: number; duplicates: number; rejected: number }): void {
  if (r.accepted) ingested.inc({ path, result: 'accepted' }, r.accepted);
  if (r.duplicates) ingested.inc({ path, result: 'duplicate' }, r.duplicates);
  if (r.rejected) ingested.inc({ path, result: 'rejected' }, r.rejected);
}

/** Counts one run of an exclusive job (src/database/job-runs.ts); `seconds` is null for a skipped one. */
export function recordJobRun(job: string, status: 'done' | 'failed' | 'skipped', seconds: number | null): void {
  jobRuns.inc({ job, status });
  if (seconds !== null) jobDuration.observe({ job }, seconds);
}
