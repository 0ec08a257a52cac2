/**
 * A typed amount of money ("1234.5", "1,234.50", "$99") as integer cents, without floating-point rounding; null when
 * it is not an amount with at most two decimals (the form then says so beside the field).
 */
export function parseCents(text: string): number | null {
  const t = text.trim().replace(/^\$/, '').replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}
