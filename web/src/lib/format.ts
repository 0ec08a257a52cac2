/** Formatting in the browser's locale and time zone. Money arrives as integer cents. */

const locale = typeof navigator !== 'undefined' ? navigator.language : 'en-US';

const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 0 });
const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
const signed = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });

/** Currency of amounts (the service stores cents of one currency; USD unless configured). */
export const CURRENCY = 'USD';

/**
 * Built once per variant: a new Intl formatter per call costs ~0.1–0.3 ms, which a 50-row table pays a hundred
 * times on first render.
 */
const money = {
  whole: new Intl.NumberFormat(locale, { style: 'currency', currency: CURRENCY, maximumFractionDigits: 0 }),
  cents: new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: CURRENCY,
    maximumFractionDigits: 2,
    minimumFractionDigits: 2,
  }),
  compact: new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: CURRENCY,
    notation: 'compact',
    maximumFractionDigits: 1,
    minimumFractionDigits: 0,
  }),
};

export function formatMoney(cents: number | null | undefined, opts: { compact?: boolean } = {}): string {
  if (cents === null || cents === undefined) return '—';
  const f = opts.compact ? money.compact : cents % 100 === 0 ? money.whole : money.cents;
  return f.format(cents / 100);
}

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : integer.format(n);
}

export function formatScore(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : oneDecimal.format(n);
}

const percentOneDecimal = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });

/** A fraction as a percentage; `digits: 1` keeps one decimal (retention rates differ by tenths). */
export function formatPercent(fraction: number | null | undefined, opts: { digits?: 0 | 1 } = {}): string {
  if (fraction === null || fraction === undefined) return '—';
  return (opts.digits === 1 ? percentOneDecimal : percent).format(fraction);
}

export function formatDelta(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : signed.format(n);
}

const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });

/** A DateTime (ISO) as date and time in the user's time zone. */
export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** A DateTime as a date in the user's time zone. */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

/** A GraphQL `Date` (YYYY-MM-DD, a calendar day): shown as that day, whatever the time zone. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '—';
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** The same instant in UTC, for the tooltip. */
export function formatUtc(iso: string): string {
  return `${new Date(iso).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });

/** "3 minutes ago", "in 2 days". */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(Math.round(seconds), 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86400), 'day');
}

/** ENUM_CASE → "Enum case". */
export function humanize(value: string): string {
  const s = value.toLowerCase().replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
