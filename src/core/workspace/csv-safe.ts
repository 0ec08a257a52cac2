/**
 * Spreadsheet formula injection: a cell that starts with =, +, -, @, a tab or a carriage return is run as a
 * formula by Excel, LibreOffice and Google Sheets ("=HYPERLINK(…)" in an account name). Text cells that
 * start so get a leading apostrophe, which spreadsheets show as text (OWASP's advice). Numbers we write
 * ourselves are not text cells and are left alone.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvSafeText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Integer cents as a plain decimal amount for spreadsheets: 123456 → "1234.56", −5 → "-0.05". */
export function centsDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${(abs % 100).toString().padStart(2, '0')}`;
}
