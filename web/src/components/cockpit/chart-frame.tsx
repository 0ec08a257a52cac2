import { useId, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { DataTable, type DataColumn } from './data-table';

/**
 * A chart with its numbers: a titled figure whose chart can be switched to a table of the same numbers
 * (screen readers, copy-paste) and exported as CSV. The chart itself is `aria-hidden`; the table is the
 * accessible form, so it is always one click (or Enter) away.
 */
export function ChartFrame<R>({
  title,
  description,
  columns,
  rows,
  rowKey,
  csvName,
  actions,
  children,
}: {
  title: string;
  description?: ReactNode;
  columns: DataColumn<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  csvName: string;
  /** Extra controls beside the toggle (a granularity picker, …). */
  actions?: ReactNode;
  children: ReactNode;
}) {
  const [asTable, setAsTable] = useState(false);
  const titleId = useId();
  return (
    <figure aria-labelledby={titleId} className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="mb-3 flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id={titleId} className="font-semibold text-slate-900">
            {title}
          </h2>
          {description && <p className="text-sm text-slate-600">{description}</p>}
        </div>
        <div className="flex items-center gap-2">
          {actions}
          <Button variant="secondary" size="sm" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
            {asTable ? 'Show chart' : 'Show as table'}
          </Button>
        </div>
      </div>
      {asTable ? (
        <DataTable caption={title} columns={columns} rows={rows} rowKey={rowKey} csvName={csvName} />
      ) : (
        <div aria-hidden>{children}</div>
      )}
    </figure>
  );
}
