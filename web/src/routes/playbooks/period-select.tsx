import { Select } from '@/components/ui/select';
import { PERIOD_DAYS, type PeriodDays, readPeriodDays } from './playbooks-period';

/** The effectiveness window picker (list and detail pages); the choice lives in the URL (`?days=`). */
export function PeriodSelect({
  days,
  onChange,
}: {
  days: PeriodDays;
  onChange: (days: PeriodDays | undefined) => void;
}) {
  return (
    <div className="flex flex-col gap-1">
      <span aria-hidden className="text-sm font-medium text-slate-800">
        Effectiveness over
      </span>
      <Select
        aria-label="Effectiveness period"
        value={String(days)}
        onChange={(v) => onChange(readPeriodDays(v))}
        options={PERIOD_DAYS.map((n) => ({ value: String(n), label: `Last ${n} days` }))}
      />
    </div>
  );
}
