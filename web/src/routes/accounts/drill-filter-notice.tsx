import { Button } from '@/components/ui/button';
import { bandText } from '@/components/band-badge';
import { formatDay } from '@/lib/format';
import { parseBandOn, type AccountsSearch } from './accounts-search';

/**
 * The filters a cockpit figure opens (a Portfolio health bar, MRR at risk) have no control in the filter bar: this
 * says which one is applied, in words, and removes it.
 */
export function DrillFilterNotice({
  search,
  onChange,
}: {
  search: AccountsSearch;
  onChange: (patch: Partial<AccountsSearch>) => void;
}) {
  const bandOn = parseBandOn(search.bandOn);
  if (!bandOn && !search.atRisk) return null;
  return (
    <div
      role="status"
      aria-label="Applied filter"
      className="mb-4 flex flex-wrap items-center gap-3 rounded-lg border border-blue-200 bg-blue-50 p-3 text-sm text-blue-950"
    >
      {bandOn && (
        <span data-testid="applied-band-on">
          Accounts whose health band was <strong>{bandText[bandOn.band]}</strong> on{' '}
          <strong>{formatDay(bandOn.day)}</strong> (daily health history; a Portfolio health bar).
          <Button variant="ghost" size="sm" className="ml-2" onClick={() => onChange({ bandOn: undefined })}>
            Remove
          </Button>
        </span>
      )}
      {search.atRisk && (
        <span data-testid="applied-at-risk">
          <strong>MRR at risk</strong>: live accounts that are Red (shown band) or at High churn risk.
          <Button variant="ghost" size="sm" className="ml-2" onClick={() => onChange({ atRisk: undefined })}>
            Remove
          </Button>
        </span>
      )}
    </div>
  );
}
