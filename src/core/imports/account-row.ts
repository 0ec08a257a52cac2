import { hasControlChar } from '../text-rules';
/** One validated row of an accounts CSV (`externalId,name,segment,ownerEmail,customerSince,renewalDate,mrrCents`, optional `industry`). */
export interface AccountImportRow {
  line: number;
  externalId: string;
  name: string;
  segment: string | null;
  industry: string | null;
  ownerEmail: string | null;
  customerSince: Date | null;
  renewalDate: string | null;
  mrrCents: number | null;
}

export interface RowError {
  line: number;
  message: string;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Validates one CSV record (already split into fields by the CSV parser). Blank optional cells mean "none". */
export function parseAccountRow(rec: Record<string, string | undefined>, line: number): AccountImportRow | RowError {
  const get = (k: string) => (rec[k] ?? '').trim();
  const problems: string[] = [];
  const externalId = get('externalId');
  const name = get('name');
  if (!externalId) problems.push('externalId is required');
  else if (externalId.length > 200 || hasControlChar(externalId))
    problems.push('externalId must be ≤ 200 printable characters');
  if (!name) problems.push('name is required');
  else if (name.length > 300 || hasControlChar(name)) problems.push('name must be ≤ 300 printable characters');
  const segment = get('segment') || null;
  if (segment && (segment.length > 100 || hasControlChar(segment)))
    problems.push('segment must be ≤ 100 printable characters');
  const industry = get('industry') || null;
  if (industry && (industry.length > 100 || hasControlChar(industry)))
    problems.push('industry must be ≤ 100 printable characters');
  const ownerEmail = get('ownerEmail') || null;
  if (ownerEmail && !/^[^\s@]+@[^\s@]+$/.test(ownerEmail)) problems.push('ownerEmail is not an email address');
  let customerSince: Date | null = null;
  const cs = get('customerSince');
  if (cs) {
    const d = validDate(cs) ? new Date(`${cs}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(cs) ? new Date(cs) : null;
    if (!d || Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1900 || d.getTime() > Date.now() + 300_000)
      problems.push('customerSince must be a past date (YYYY-MM-DD or ISO-8601)');
    else customerSince = d;
  }
  const renewalDate = get('renewalDate') || null;
  if (renewalDate && !validDate(renewalDate)) problems.push('renewalDate must be a date YYYY-MM-DD');
  let mrrCents: number | null = null;
  const mrr = get('mrrCents');
  if (mrr) {
    if (!/^\d+$/.test(mrr) || !Number.isSafeInteger(Number(mrr)) || Number(mrr) > Number.MAX_SAFE_INTEGER / 12)
      problems.push('mrrCents must be a non-negative integer number of cents');
    else mrrCents = Number(mrr);
  }
  if (problems.length) return { line, message: problems.join('; ') };
  return { line, externalId, name, segment, industry, ownerEmail, customerSince, renewalDate, mrrCents };
}

export function isRowError(r: AccountImportRow | RowError): r is RowError {
  return (r as AccountImportRow).externalId === undefined;
}
