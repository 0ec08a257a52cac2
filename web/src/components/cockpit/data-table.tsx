import { useMemo, useState, type ReactNode } from 'react';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { Button } from '@/components/ui/button';
import { downloadCsv, toCsv } from '@/lib/csv';

/** A column: `value` is the raw figure (sorting, CSV); `render` how the cell looks (defaults to the value). */
export interface DataColumn<R> {
  key: string;
  label: string;
  value: (row: R) => string | number | null | undefined;
  render?: (row: R) => ReactNode;
  /** Numbers align right. */
  numeric?: boolean;
  sortable?: boolean;
}

export type SortState = { key: string; dir: 'asc' | 'desc' } | null;

/** Sorts rows by a column's raw value; empty values last whatever the direction. */
export function sortRows<R>(rows: readonly R[], columns: DataColumn<R>[], sort: SortState): R[] {
  if (!sort) return [...rows];
  const col = columns.find((c) => c.key === sort.key);
  if (!col) return [...rows];
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = col.value(a);
    const vb = col.value(b);
    const ea = va === null || va === undefined || va === '';
    const eb = vb === null || vb === undefined || vb === '';
    if (ea || eb) return ea === eb ? 0 : ea ? 1 : -1;
    if (typeof va === 'number' && typeof vb === 'number') return (va - vb) * sign;
    return String(va).localeCompare(String(vb)) * sign;
  });
}

/**
 * A sortable table with CSV export of all its rows (the raw values, as shown sorted). Every cockpit table
 * and every chart's "as a table" view goes through it. A drill-down goes in a cell (`render` returning a Link or
 * a button), so the table keeps its semantics for screen readers.
 */
export function DataTable<R>({
  caption,
  columns,
  rows,
  rowKey,
  csvName,
  initialSort = null,
}: {
  caption: string;
  columns: DataColumn<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  /** File name of the CSV export; no export button when absent. */
  csvName?: string;
  initialSort?: SortState;
}) {
  const [sort, setSort] = useState<SortState>(initialSort);
  const sorted = useMemo(() => sortRows(rows, columns, sort), [rows, columns, sort]);

  function toggle(key: string) {
    setSort((s) => (s?.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'desc' }));
  }

  return (
    <div className="space-y-2">
      {csvName && (
        <div className="flex justify-end">
          <Button
            variant="secondary"
            size="sm"
            onClick={() => downloadCsv(csvName, toCsv(columns.map((c) => ({ label: c.label, value: c.value })), sorted))}
          >
            Download CSV
          </Button>
        </div>
      )}
      <Table>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.key === c.key;
              const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;
              return (
                <Th key={c.key} aria-sort={ariaSort} className={c.numeric ? 'text-right' : undefined}>
                  {c.sortable === false ? (
                    c.label
                  ) : (
                    <button
                      type="button"
                      className="inline-flex items-center gap-1 uppercase hover:underline"
                      onClick={() => toggle(c.key)}
                    >
                      {c.label}
                      <span aria-hidden>{active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}</span>
                    </button>
                  )}
                </Th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <Tr key={rowKey(row)}>
              {columns.map((c) => (
                <Td key={c.key} className={c.numeric ? 'text-right tabular-nums' : undefined}>
                  {c.render ? c.render(row) : (c.value(row) ?? '—')}
                </Td>
              ))}
            </Tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
