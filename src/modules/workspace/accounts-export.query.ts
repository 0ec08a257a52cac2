import { AppError } from '../../common/errors/app-error';
import { HealthBand, RiskBandEnum, TrendDirection } from '../../common/graphql/domain-enums';
import { parseIsoDate } from '../../common/scalars/date.scalar';
import { createValidationPipe } from '../../common/validation.pipe';
import { RED_FLAG_TYPES } from '../../core/health/red-flag-rules';
import { AccountFilter, AccountOrder } from '../accounts/dto/account.input';
import { AccountStatusEnum } from '../accounts/models/account.model';

type Kind = 'id' | 'text' | 'date' | 'int' | 'float' | 'bool' | 'bandOn' | readonly string[];

/** The accounts list's filter arguments, as query parameters of the same names. */
const FILTER_PARAMS: Record<keyof AccountFilter, Kind> = {
  ownerId: 'id',
  segment: 'text',
  status: Object.values(AccountStatusEnum),
  renewalBefore: 'date',
  renewalFrom: 'date',
  renewalTo: 'date',
  renewalWithinDays: 'int',
  hasRedFlag: 'bool',
  search: 'text',
  band: Object.values(HealthBand),
  minScore: 'float',
  maxScore: 'float',
  hasFlag: RED_FLAG_TYPES,
  trend: Object.values(TrendDirection),
  minRisk: 'float',
  riskBand: Object.values(RiskBandEnum),
  bandOn: 'bandOn',
  atRisk: 'bool',
};

function convert(name: string, kind: Kind, raw: string): unknown {
  const bad = (message: string) => AppError.badInput(name, message);
  if (Array.isArray(kind)) {
    if (!kind.includes(raw)) throw bad(`must be one of ${kind.join(', ')}`);
    return raw;
  }
  switch (kind) {
    case 'date':
      if (!parseIsoDate(raw)) throw bad('must be a date YYYY-MM-DD');
      return raw;
    case 'int':
      if (!/^-?\d{1,9}$/.test(raw)) throw bad('must be a whole number');
      return Number(raw);
    case 'float': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw bad('must be a number');
      return n;
    }
    case 'bandOn': {
      // `bandOn=2026-11-29:RED`: the day and the band of a portfolio-health bar.
      const [day, band, extra] = raw.split(':');
      if (
        extra !== undefined ||
        !parseIsoDate(day ?? '') ||
        !(Object.values(HealthBand) as string[]).includes(band ?? '')
      )
        throw bad('must be a day and a band, e.g. 2026-11-29:RED');
      return { day, band };
    }
    case 'bool':
      if (raw !== 'true' && raw !== 'false') throw bad('must be true or false');
      return raw === 'true';
    default:
      return raw;
  }
}

/**
 * `GET /export/accounts.csv?band=RED&renewalWithinDays=90&orderBy=RENEWAL_ASC`: the query string turned into
 * the same filter and order the `accounts` query takes, checked by the same rules. Unknown or repeated
 * parameters are refused (a typo must not silently export everything).
 */
export async function readExportQuery(
  query: Record<string, unknown>,
): Promise<{ filter: AccountFilter; orderBy: AccountOrder }> {
  const plain: Record<string, unknown> = {};
  let orderBy = AccountOrder.NAME_ASC;
  for (const [name, value] of Object.entries(query)) {
    if (typeof value !== 'string') throw AppError.badInput(name, 'must be given once');
    if (name === 'orderBy') {
      orderBy = convert(name, Object.values(AccountOrder), value) as AccountOrder;
      continue;
    }
    const kind = (FILTER_PARAMS as Record<string, Kind | undefined>)[name];
    if (!kind) throw AppError.badInput(name, 'is not a filter of the accounts list');
    if (value === '') continue;
    plain[name] = convert(name, kind, value);
  }
  const filter = (await createValidationPipe().transform(plain, {
    type: 'query',
    metatype: AccountFilter,
    data: 'filter',
  })) as AccountFilter;
  return { filter, orderBy };
}
