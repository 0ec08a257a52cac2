import { formatDate, formatDateTime, formatRelative, formatUtc } from '@/lib/format';

/** An instant in the user's time zone; the UTC time shows on hover (title) and is in the markup. */
export function DateTime({ value, mode = 'datetime' }: { value: string; mode?: 'datetime' | 'date' | 'relative' }) {
  const text =
    mode === 'date' ? formatDate(value) : mode === 'relative' ? formatRelative(value) : formatDateTime(value);
  return (
    <time
      dateTime={value}
      title={mode === 'relative' ? `${formatDateTime(value)} (${formatUtc(value)})` : formatUtc(value)}
    >
      {text}
    </time>
  );
}
