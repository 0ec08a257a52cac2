import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const boolString = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), 'must be true or false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting the service reads from the environment, with its default. */
const schema = z.object({
  PORT: z.coerce
    .number({ message: 'must be an integer between 0 and 65535' })
    .int('must be an integer between 0 and 65535')
    .min(0, 'must be an integer between 0 and 65535')
    .max(65535, 'must be an integer between 0 and 65535')
    .default(3000),
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => /^postgres(ql)?:\/\/\S+$/.test(v), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./.data'),
  ADMIN_API_KEY: z
    .string()
    .trim()
    .refine(
      (v) => /^vk_[A-Za-z0-9_-]{32,}$/.test(v),
      'must start with vk_ followed by at least 32 base64url characters',
    )
    .optional(),
  DEMO_DATA: boolString.default(true),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ message: 'must be a non-negative integer' })
    .int('must be a non-negative integer')
    .min(0, 'must be a non-negative integer')
    .default(1200),
  INGEST_RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ message: 'must be a non-negative integer' })
    .int('must be a non-negative integer')
    .min(0, 'must be a non-negative integer')
    .default(12000),
  /** Raw usage signals older than this many whole months (before the current month) are dropped; rollups are kept. */
  SIGNAL_RETENTION_MONTHS: z.coerce
    .number({ message: 'must be an integer between 1 and 1200' })
    .int('must be an integer between 1 and 1200')
    .min(1, 'must be an integer between 1 and 1200')
    .max(1200, 'must be an integer between 1 and 1200')
    .default(25),
  /** Yearly discount rate for CLV (monthly rate = (1 + rate)^(1/12) − 1). */
  DISCOUNT_RATE: z.coerce
    .number({ message: 'must be a number between 0.001 and 1' })
    .min(0.001, 'must be a number between 0.001 and 1')
    .max(1, 'must be a number between 0.001 and 1')
    .default(0.1),
  /** Gross margin applied to MRR in CLV (0 < margin ≤ 1). */
  GROSS_MARGIN: z.coerce
    .number({ message: 'must be a number greater than 0 and at most 1' })
    .gt(0, 'must be a number greater than 0 and at most 1')
    .max(1, 'must be a number greater than 0 and at most 1')
    .default(1),
  /** Churn-risk bands "low,high": p < low → LOW, p < high → MEDIUM, else HIGH. */
  RISK_CUTOFFS: z
    .string()
    .trim()
    .refine((v) => {
      const m = /^(\d*\.?\d+)\s*,\s*(\d*\.?\d+)$/.exec(v);
      if (!m) return false;
      const low = Number(m[1]);
      const high = Number(m[2]);
      return low > 0 && low < high && high < 1;
    }, 'must be two probabilities "low,high" with 0 < low < high < 1')
    .transform((v) => {
      const [low, high] = v.split(',').map((x) => Number(x.trim()));
      return { low, high };
    })
    .default({ low: 0.2, high: 0.5 }),
  /** Playbooks: at most this many customer-touching tasks per account in any 7 days, across all playbooks. */
  CONTACT_CAP_PER_WEEK: z.coerce
    .number({ message: 'must be an integer between 0 and 100' })
    .int('must be an integer between 0 and 100')
    .min(0, 'must be an integer between 0 and 100')
    .max(100, 'must be an integer between 0 and 100')
    .default(2),
  /** Health: how long the engine waits after a signal, feedback or MRR change before rescanning the touched accounts (ms). */
  HEALTH_DEBOUNCE_MS: z.coerce
    .number({ message: 'must be an integer between 0 and 86400000' })
    .int('must be an integer between 0 and 86400000')
    .min(0, 'must be an integer between 0 and 86400000')
    .max(86_400_000, 'must be an integer between 0 and 86400000')
    .default(1500),
  /** Webhooks: how often each instance polls for due deliveries (ms). */
  WEBHOOK_POLL_MS: z.coerce
    .number({ message: 'must be an integer between 50 and 3600000' })
    .int('must be an integer between 50 and 3600000')
    .min(50, 'must be an integer between 50 and 3600000')
    .max(3_600_000, 'must be an integer between 50 and 3600000')
    .default(2000),
  /** Webhooks: the first retry waits this long (ms), doubling each attempt (capped at 1 hour), for 24 hours. */
  WEBHOOK_BACKOFF_MS: z.coerce
    .number({ message: 'must be an integer between 10 and 3600000' })
    .int('must be an integer between 10 and 3600000')
    .min(10, 'must be an integer between 10 and 3600000')
    .max(3_600_000, 'must be an integer between 10 and 3600000')
    .default(30_000),
  /** Read cache: at most this many answers (account lists, NPS summaries) per instance; 0 turns it off. */
  READ_CACHE_ENTRIES: z.coerce
    .number({ message: 'must be an integer between 0 and 100000' })
    .int('must be an integer between 0 and 100000')
    .min(0, 'must be an integer between 0 and 100000')
    .max(100_000, 'must be an integer between 0 and 100000')
    .default(500),
  /** Connector sources: events per minute a source may send when it sets no budget of its own (0 = no limit). */
  SOURCE_RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ message: 'must be an integer between 0 and 100000000' })
    .int('must be an integer between 0 and 100000000')
    .min(0, 'must be an integer between 0 and 100000000')
    .max(100_000_000, 'must be an integer between 0 and 100000000')
    .default(600_000),
  /** Connector sources: unattributed events older than this many days are reported, then purged (per-source override). */
  SOURCE_UNATTRIBUTED_MAX_AGE_DAYS: z.coerce
    .number({ message: 'must be an integer between 1 and 3650' })
    .int('must be an integer between 1 and 3650')
    .min(1, 'must be an integer between 1 and 3650')
    .max(3650, 'must be an integer between 1 and 3650')
    .default(30),
  /** The address people open (e.g. https://vitals.example.com): set-password links start with it; unset → the request's own origin. */
  PUBLIC_URL: z
    .string()
    .trim()
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && !u.search && !u.hash && !u.username;
      } catch {
        return false;
      }
    }, 'must be an http:// or https:// URL without query or fragment')
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  /** Express `trust proxy`: behind a reverse proxy, X-Forwarded-Proto/-For decide https (Secure cookies) and the client IP. */
  TRUST_PROXY: z
    .string()
    .trim()
    .refine(
      (v) => /^(true|false|yes|no|\d{1,2})$/i.test(v) || /^[\w.:/, -]+$/.test(v),
      'must be true, false, a hop count or a list of proxy addresses/subnets',
    )
    .transform((v): boolean | number | string =>
      /^(true|yes)$/i.test(v) ? true : /^(false|no)$/i.test(v) ? false : /^\d+$/.test(v) ? Number(v) : v,
    )
    .default(false),
  /** Sessions end after this many hours without a request. */
  SESSION_IDLE_HOURS: z.coerce
    .number({ message: 'must be a number of hours between 0.01 and 720' })
    .min(0.01, 'must be a number of hours between 0.01 and 720')
    .max(720, 'must be a number of hours between 0.01 and 720')
    .default(12),
  /** Sessions end this many days after sign-in, however active. */
  SESSION_MAX_DAYS: z.coerce
    .number({ message: 'must be a number of days between 0.01 and 365' })
    .min(0.01, 'must be a number of days between 0.01 and 365')
    .max(365, 'must be a number of days between 0.01 and 365')
    .default(7),
  /** Failed sign-ins allowed per email address in 15 minutes (per instance); then HTTP 429 until the window ends. */
  SIGNIN_FAILURES_PER_EMAIL: z.coerce
    .number({ message: 'must be an integer between 1 and 10000' })
    .int('must be an integer between 1 and 10000')
    .min(1, 'must be an integer between 1 and 10000')
    .max(10_000, 'must be an integer between 1 and 10000')
    .default(10),
  /** Failed sign-ins allowed per client IP address in 15 minutes (per instance). */
  SIGNIN_FAILURES_PER_IP: z.coerce
    .number({ message: 'must be an integer between 1 and 100000' })
    .int('must be an integer between 1 and 100000')
    .min(1, 'must be an integer between 1 and 100000')
    .max(100_000, 'must be an integer between 1 and 100000')
    .default(100),
  /** The built web app the service serves at /app (`npm run build -w web` writes it). */
  WEB_DIST_DIR: z.string().trim().min(1, 'must not be empty').default('web/dist'),
  /** Stripe: the webhook endpoint's signing secret (whsec_…); unset = the endpoint answers 503 "not configured". */
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .trim()
    .refine((v) => /^whsec_[A-Za-z0-9+/=_-]{8,}$/.test(v), 'must be the endpoint signing secret (whsec_…)')
    .optional(),
  /** The one currency the MRR ledger is kept in (ISO code); billing in another is parked unless LEDGER_FX_RATES has it. */
  LEDGER_CURRENCY: z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => /^[a-z]{3}$/.test(v), 'must be a three-letter ISO currency code')
    .default('usd'),
  /** Explicit conversion rates into the ledger currency, "eur=1.08,gbp=1.27" (ledger units per unit). */
  LEDGER_FX_RATES: z
    .string()
    .trim()
    .toLowerCase()
    .refine(
      (v) => v.split(',').every((p) => /^\s*[a-z]{3}\s*=\s*\d*\.?\d+\s*$/.test(p) && Number(p.split('=')[1]) > 0),
      'must be "cur=rate" pairs separated by commas, e.g. "eur=1.08,gbp=1.27", each rate above 0',
    )
    .transform((v) => Object.fromEntries(v.split(',').map((p) => [p.split('=')[0].trim(), Number(p.split('=')[1])])))
    .default({}),
  /** Stripe: a customer with no vitals_account_id and no account of its id: create the account, or park its events. */
  STRIPE_UNKNOWN_CUSTOMER: z.enum(['create', 'park'], { message: 'must be create or park' }).default('create'),
  /** Stripe: a subscription set to cancel counts until its period end (period_end) or stops at once (request). */
  STRIPE_CANCEL_AT: z
    .enum(['period_end', 'request'], { message: 'must be period_end or request' })
    .default('period_end'),
  /** Prometheus: GET /metrics on the service's port, for `Authorization: Bearer <token>` only; unset = not there. */
  METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  /** Prometheus: GET /metrics (no token) on this port of its own, not to be exposed publicly; unset = none. */
  METRICS_PORT: z.coerce
    .number({ message: 'must be an integer between 1 and 65535' })
    .int('must be an integer between 1 and 65535')
    .min(1, 'must be an integer between 1 and 65535')
    .max(65535, 'must be an integer between 1 and 65535')
    .optional(),
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { message: 'must be development, production or test' })
    .default('development'),
});

export type AppConfig = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Validates the environment; the first bad variable becomes one readable line. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    const got =
      input[name] !== undefined
        ? ` (got ${JSON.stringify(name === 'ADMIN_API_KEY' || name === 'DATABASE_URL' || name === 'STRIPE_WEBHOOK_SECRET' ? '<redacted>' : input[name])})`
        : '';
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}${got}`);
  }
  return parsed.data;
}
