import { Link } from '@tanstack/react-router';
import type { CsmScorecardQuery } from '@/gql/graphql';
import type { DataColumn } from '@/components/cockpit/data-table';
import { formatInt, formatMoney, formatPercent } from '@/lib/format';

export type ScorecardRow = CsmScorecardQuery['csmScorecard'][number];

const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : v / 100);

/** The scorecard's columns: raw values for sorting and CSV (money in dollars), formatted cells. */
export const SCORECARD_COLUMNS: DataColumn<ScorecardRow>[] = [
  {
    key: 'csm',
    label: 'CSM',
    value: (r) => r.owner.name,
    render: (r) => (
      <Link to="/team/$userId" params={{ userId: r.owner.id }} className="font-medium text-blue-800 hover:underline">
        {r.owner.name}
      </Link>
    ),
    sortable: true,
  },
  {
    key: 'accounts',
    label: 'Accounts',
    value: (r) => r.accounts,
    render: (r) => formatInt(r.accounts),
    numeric: true,
    sortable: true,
  },
  {
    key: 'mrr',
    label: 'Book MRR',
    value: (r) => r.mrrCents / 100,
    render: (r) => formatMoney(r.mrrCents),
    numeric: true,
    sortable: true,
  },
  {
    key: 'nrr',
    label: 'NRR',
    value: (r) => r.nrr,
    render: (r) => formatPercent(pct(r.nrr)),
    numeric: true,
    sortable: true,
  },
  {
    key: 'grr',
    label: 'GRR',
    value: (r) => r.grr,
    render: (r) => formatPercent(pct(r.grr)),
    numeric: true,
    sortable: true,
  },
  {
    key: 'churned',
    label: 'Churned MRR',
    value: (r) => r.churnedMrrCents / 100,
    render: (r) => formatMoney(r.churnedMrrCents),
    numeric: true,
    sortable: true,
  },
  {
    key: 'health',
    label: 'Health mix (G / Y / R / ?)',
    value: (r) => `${r.healthMix.green} / ${r.healthMix.yellow} / ${r.healthMix.red} / ${r.healthMix.unknown}`,
    render: (r) => (
      <span
        className="tabular-nums"
        title={`${r.healthMix.green} green, ${r.healthMix.yellow} yellow, ${r.healthMix.red} red, ${r.healthMix.unknown} unknown`}
      >
        {r.healthMix.green} / {r.healthMix.yellow} / {r.healthMix.red} / {r.healthMix.unknown}
      </span>
    ),
  },
  { key: 'red', label: 'Red', value: (r) => r.healthMix.red, numeric: true, sortable: true },
  {
    key: 'done',
    label: 'Tasks done',
    value: (r) => r.tasksCompleted,
    render: (r) => formatInt(r.tasksCompleted),
    numeric: true,
    sortable: true,
  },
  {
    key: 'ontime',
    label: 'On time',
    value: (r) => r.onTimeShare,
    render: (r) => formatPercent(pct(r.onTimeShare)),
    numeric: true,
    sortable: true,
  },
  {
    key: 'overdue',
    label: 'Overdue',
    value: (r) => r.tasksOverdue,
    render: (r) => formatInt(r.tasksOverdue),
    numeric: true,
    sortable: true,
  },
  {
    key: 'crc',
    label: 'CRC',
    value: (r) => (r.crcCents === null || r.crcCents === undefined ? null : r.crcCents / 100),
    render: (r) => formatMoney(r.crcCents),
    numeric: true,
    sortable: true,
  },
];
