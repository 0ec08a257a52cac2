import * as Popover from '@radix-ui/react-popover';
import type { ReactNode } from 'react';
import { cn } from '@/components/ui/cn';

export type Change = { text: string; direction: 'up' | 'down' | 'flat'; good: boolean | null };

/**
 * One figure: its value, the comparison with the previous period (arrow and words, never colour alone), its
 * published definition one click away, and — when `onDrill` is given — a button to the accounts behind it.
 */
export function MetricTile({
  label,
  value,
  change,
  previous,
  definition,
  onDrill,
  drillLabel = 'See the accounts',
}: {
  label: string;
  value: string;
  change?: Change | null;
  /** The previous period's value, formatted. */
  previous?: string | null;
  /** The definition (from docs/metrics.md). */
  definition: ReactNode;
  onDrill?: () => void;
  drillLabel?: string;
}) {
  const arrow = change ? { up: '▲', down: '▼', flat: '■' }[change.direction] : null;
  return (
    <section aria-label={label} className="flex flex-col gap-1 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex items-start justify-between gap-2">
        <h3 className="text-sm font-medium text-slate-700">{label}</h3>
        <Popover.Root>
          <Popover.Trigger
            className="rounded-full px-1.5 text-xs text-blue-800 underline decoration-dotted hover:bg-blue-50 focus:ring-2 focus:ring-blue-600 focus:outline-none"
            aria-label={`Definition of ${label}`}
          >
            Definition
          </Popover.Trigger>
          <Popover.Portal>
            <Popover.Content
              side="bottom"
              align="end"
              className="z-50 max-w-sm rounded-md border border-slate-200 bg-white p-3 text-sm text-slate-800 shadow-lg"
            >
              <p className="mb-1 font-semibold">{label}</p>
              <div className="space-y-1">{definition}</div>
              <Popover.Arrow className="fill-white" />
            </Popover.Content>
          </Popover.Portal>
        </Popover.Root>
      </div>
      <p className="text-2xl font-semibold text-slate-900 tabular-nums" data-testid="metric-value">
        {value}
      </p>
      {(change || previous) && (
        <p className="text-xs text-slate-600">
          {change && (
            <span
              className={cn(
                'mr-1 font-medium',
                change.good === true && 'text-emerald-800',
                change.good === false && 'text-red-800',
              )}
            >
              <span aria-hidden>{arrow} </span>
              {change.text}
            </span>
          )}
          {previous && <>previous period {previous}</>}
        </p>
      )}
      {onDrill && (
        <button
          type="button"
          onClick={onDrill}
          className="mt-1 self-start text-sm text-blue-800 underline hover:text-blue-900 focus:ring-2 focus:ring-blue-600 focus:outline-none"
        >
          {drillLabel}
        </button>
      )}
    </section>
  );
}
