import * as RadixDialog from '@radix-ui/react-dialog';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { MetricAccountsQuery, MetricsFilter, RetentionFiguresFragment } from '@/gql/graphql';
import { DataTable, type DataColumn } from '@/components/cockpit/data-table';
import { Button } from '@/components/ui/button';
import { QueryState } from '@/components/states';
import { Tabs, TabPanel } from '@/components/ui/tabs';
import { gqlRequest } from '@/lib/graphql-client';
import { downloadCsv, toCsv } from '@/lib/csv';
import { formatInt, formatMoney, formatDate, humanize } from '@/lib/format';
import { MetricAccountsQuery as MetricAccountsDocument } from './retention.graphql';
import type { DrillPart } from './retention-drill';
import type { Period } from './retention-period';

export const DRILL_PAGE = 50;

export interface DrillRequest {
  title: string;
  intro: string;
  parts: DrillPart[];
}

type Row = {
  accountId: string;
  name: string;
  segment?: string | null;
  amountCents: number;
  startMrrCents: number;
  endMrrCents: number;
  movements?: Array<{ type: string; amountCents: number; effectiveAt: string }>;
};

const COLUMNS: DataColumn<Row>[] = [
  {
    key: 'name',
    label: 'Account',
    value: (r) => r.name,
    render: (r) => (
      <Link to="/accounts/$accountId" params={{ accountId: r.accountId }} className="text-blue-800 underline">
        {r.name}
      </Link>
    ),
  },
  { key: 'segment', label: 'Segment', value: (r) => r.segment ?? '' },
  {
    key: 'amount',
    label: 'Amount',
    numeric: true,
    value: (r) => r.amountCents,
    render: (r) => formatMoney(r.amountCents),
  },
  {
    key: 'start',
    label: 'Start MRR',
    numeric: true,
    value: (r) => r.startMrrCents,
    render: (r) => formatMoney(r.startMrrCents),
  },
  {
    key: 'end',
    label: 'End MRR',
    numeric: true,
    value: (r) => r.endMrrCents,
    render: (r) => formatMoney(r.endMrrCents),
  },
  {
    key: 'movements',
    label: 'Movements in the period',
    sortable: false,
    value: (r) => (r.movements ?? []).map((m) => `${m.type} ${m.amountCents / 100}`).join('; '),
    render: (r) =>
      (r.movements ?? []).length === 0 ? (
        <span className="text-slate-500">none</span>
      ) : (
        <ul className="text-xs">
          {(r.movements ?? []).map((m, i) => (
            <li key={i}>
              {humanize(m.type)} {m.type === 'CHURN' || m.type === 'CONTRACTION' ? '−' : '+'}
              {formatMoney(m.amountCents)} on {formatDate(m.effectiveAt)}
            </li>
          ))}
        </ul>
      ),
  },
];

/** Every page of a figure's list (500 a page, no movements) as CSV rows. */
async function allRows(period: Period, figure: DrillPart['figure'], filter: MetricsFilter): Promise<Row[]> {
  const rows: Row[] = [];
  let after: string | null = null;
  for (;;) {
    const d: MetricAccountsQuery = await gqlRequest(MetricAccountsDocument, {
      period,
      figure,
      filter,
      first: 500,
      after,
      withMovements: false,
    });
    rows.push(...d.metricAccounts.edges.map((e) => e.node));
    if (!d.metricAccounts.pageInfo.hasNextPage) return rows;
    after = d.metricAccounts.pageInfo.endCursor ?? null;
  }
}

function PartList({
  part,
  period,
  filter,
  metrics,
}: {
  part: DrillPart;
  period: Period;
  filter: MetricsFilter;
  metrics: RetentionFiguresFragment;
}) {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [exporting, setExporting] = useState(false);
  const after = cursors[cursors.length - 1];
  const query = useQuery({
    queryKey: ['metricAccounts', period, filter, part.figure, after],
    queryFn: () =>
      gqlRequest(MetricAccountsDocument, {
        period,
        figure: part.figure,
        filter,
        first: DRILL_PAGE,
        after,
        withMovements: true,
      }),
    placeholderData: keepPreviousData,
  });
  const count = part.count(metrics);
  const sum = part.sum(metrics);
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-700">{part.what}</p>
      <QueryState query={query} loadingRows={5}>
        {(d) => {
          const c = d.metricAccounts;
          const page = cursors.length;
          return (
            <div className="space-y-2" data-testid="drill-list">
              <p className="font-medium text-slate-900" data-testid="drill-summary">
                {formatInt(c.totalCount)} accounts, sum {formatMoney(c.sumCents)}
              </p>
              {(count !== null || sum !== null) && (
                <p className="text-xs text-slate-600">
                  The figure:{count !== null && <> {formatInt(count)} accounts</>}
                  {count !== null && sum !== null && ','}
                  {sum !== null && <> {formatMoney(sum)}</>}
                  {(count === null || count === c.totalCount) && (sum === null || sum === c.sumCents)
                    ? ' — the list adds up to it.'
                    : ' — the list differs (the data changed since the figure was read; reload).'}
                </p>
              )}
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="text-sm text-slate-600">
                  Page {page} of {Math.max(1, Math.ceil(c.totalCount / DRILL_PAGE))}
                </span>
                <div className="flex gap-2">
                  <Button
                    variant="secondary"
                    size="sm"
                    disabled={page === 1}
                    onClick={() => setCursors((s) => s.slice(0, -1))}
                  >
                    Previous page
                  </Button>
                  <Button
                    variant="secondary"
                    size="sm"
                    disabled={!c.pageInfo.hasNextPage}
                    onClick={() => setCursors((s) => [...s, c.pageInfo.endCursor ?? null])}
                  >
                    Next page
                  </Button>
                  <Button
                    variant="secondary"
                    size="sm"
                    disabled={exporting || c.totalCount === 0}
                    onClick={() => {
                      setExporting(true);
                      void allRows(period, part.figure, filter)
                        .then((rows) =>
                          downloadCsv(
                            `${part.figure.toLowerCase()}-${period.from}-${period.to}.csv`,
                            toCsv(
                              [
                                { label: 'account_id', value: (r: Row) => r.accountId },
                                { label: 'name', value: (r: Row) => r.name },
                                { label: 'segment', value: (r: Row) => r.segment ?? '' },
                                { label: 'amount', value: (r: Row) => (r.amountCents / 100).toFixed(2) },
                                { label: 'start_mrr', value: (r: Row) => (r.startMrrCents / 100).toFixed(2) },
                                { label: 'end_mrr', value: (r: Row) => (r.endMrrCents / 100).toFixed(2) },
                              ],
                              rows,
                            ),
                          ),
                        )
                        .finally(() => setExporting(false));
                    }}
                  >
                    {exporting ? 'Exporting…' : `Download CSV (all ${formatInt(c.totalCount)})`}
                  </Button>
                </div>
              </div>
              {c.totalCount === 0 ? (
                <p className="rounded border border-dashed border-slate-300 p-3 text-sm text-slate-600">
                  No account is behind this figure in the period.
                </p>
              ) : (
                <DataTable
                  caption={part.title}
                  columns={COLUMNS}
                  rows={c.edges.map((e) => e.node)}
                  rowKey={(r) => r.accountId}
                />
              )}
            </div>
          );
        }}
      </QueryState>
    </div>
  );
}

/** The accounts behind a figure: one tab per list (a ratio's numerator and denominator), paged, with CSV. */
export function DrillDownDialog({
  request,
  onClose,
  period,
  periodText,
  filter,
  metrics,
}: {
  request: DrillRequest | null;
  onClose: () => void;
  period: Period;
  periodText: string;
  filter: MetricsFilter;
  metrics: RetentionFiguresFragment;
}) {
  const [tab, setTab] = useState('0');
  return (
    <RadixDialog.Root
      open={request !== null}
      onOpenChange={(open) => {
        if (!open) {
          setTab('0');
          onClose();
        }
      }}
    >
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <RadixDialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[min(68rem,96vw)] -translate-x-1/2 -translate-y-1/2 overflow-auto rounded-lg bg-white p-5 shadow-xl">
          <div className="mb-3 flex items-start justify-between gap-4">
            <div>
              <RadixDialog.Title className="text-lg font-semibold text-slate-900">
                {request?.title}: the accounts behind it
              </RadixDialog.Title>
              <RadixDialog.Description className="text-sm text-slate-600">
                {periodText}. {request?.intro}
              </RadixDialog.Description>
            </div>
            <RadixDialog.Close className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100" aria-label="Close">
              ✕
            </RadixDialog.Close>
          </div>
          {request && request.parts.length === 1 && (
            <PartList part={request.parts[0]} period={period} filter={filter} metrics={metrics} />
          )}
          {request && request.parts.length > 1 && (
            <Tabs
              label="Lists behind the figure"
              value={tab}
              onValueChange={setTab}
              tabs={request.parts.map((p, i) => ({ value: String(i), label: p.title }))}
            >
              {request.parts.map((p, i) => (
                <TabPanel key={p.figure} value={String(i)}>
                  <PartList part={p} period={period} filter={filter} metrics={metrics} />
                </TabPanel>
              ))}
            </Tabs>
          )}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
