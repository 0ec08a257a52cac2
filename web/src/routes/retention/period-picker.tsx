import { useEffect, useState } from 'react';
import { Select } from '@/components/ui/select';
import { Input } from '@/components/ui/input';
import { Button } from '@/components/ui/button';
import { periodLabel, recentStarts, type Period, type PeriodKind } from './retention-period';
import type { RetentionSearch } from './retention-search';

const KIND_OPTIONS = [
  { value: 'month', label: 'Month' },
  { value: 'quarter', label: 'Quarter' },
  { value: 'year', label: 'Year' },
  { value: 'custom', label: 'Custom' },
];

/** Period kind, then which one (the last few calendar units) or a custom [from, to) of days. */
export function PeriodPicker({
  kind,
  period,
  onChange,
}: {
  kind: PeriodKind;
  period: Period;
  onChange: (patch: Partial<RetentionSearch>) => void;
}) {
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  useEffect(() => {
    setFrom(period.from);
    setTo(period.to);
  }, [period.from, period.to]);
  const now = new Date();
  return (
    <div className="flex flex-wrap items-end gap-2">
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        Period
        <Select
          aria-label="Period"
          value={kind}
          options={KIND_OPTIONS}
          onChange={(v) =>
            onChange(
              v === 'custom'
                ? { period: 'custom', from: period.from, to: period.to, start: undefined }
                : { period: v as PeriodKind, start: undefined, from: undefined, to: undefined },
            )
          }
        />
      </label>
      {kind !== 'custom' ? (
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
          Which
          <Select
            aria-label="Which period"
            value={period.from}
            options={recentStarts(kind, now, kind === 'year' ? 5 : kind === 'quarter' ? 12 : 24).map((s) => ({
              value: s,
              label: periodLabel(kind, { from: s, to: s }) + (s === recentStarts(kind, now, 1)[0] ? ' (to date)' : ''),
            }))}
            onChange={(v) => onChange({ start: v })}
          />
        </label>
      ) : (
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (from && to && from < to) onChange({ from, to });
          }}
        >
          <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
            From (first day)
            <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} className="w-40" />
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
            To (day after the last)
            <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} className="w-40" />
          </label>
          <Button type="submit" variant="secondary" disabled={!from || !to || from >= to}>
            Apply
          </Button>
          {from && to && from >= to && (
            <p role="alert" className="text-sm text-red-800">
              The end must be after the start.
            </p>
          )}
        </form>
      )}
    </div>
  );
}

/** Segment: typed, applied on Enter or leaving the field. */
export function SegmentFilter({ value, onChange }: { value?: string; onChange: (v?: string) => void }) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const apply = () => {
    if (text.trim() !== (value ?? '')) onChange(text.trim() || undefined);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        Segment
        <Input
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={apply}
          placeholder="All segments"
          className="w-36"
        />
      </label>
    </form>
  );
}
