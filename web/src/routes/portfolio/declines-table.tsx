import { Link } from '@tanstack/react-router';
import type { PortfolioQuery } from '@/gql/graphql';
import { DataTable, type DataColumn } from '@/components/cockpit/data-table';
import { BandBadge, bandText } from '@/components/band-badge';
import { formatDay, formatDelta, formatScore } from '@/lib/format';

type Decline = PortfolioQuery['portfolioHealth']['declines'][number];

const columns: DataColumn<Decline>[] = [
  {
    key: 'account',
    label: 'Account',
    value: (d) => d.account.name,
    render: (d) => (
      <Link
        to="/accounts/$accountId"
        params={{ accountId: d.account.id }}
        className="font-medium text-blue-800 hover:underline"
      >
        {d.account.name}
      </Link>
    ),
    sortable: true,
  },
  { key: 'segment', label: 'Segment', value: (d) => d.account.segment ?? '', sortable: true },
  {
    key: 'change',
    label: 'Score change',
    value: (d) => (d.scoreTo ?? 0) - d.scoreFrom,
    render: (d) =>
      `${formatScore(d.scoreFrom)} → ${formatScore(d.scoreTo)} (${formatDelta((d.scoreTo ?? 0) - d.scoreFrom)})`,
    numeric: true,
    sortable: true,
  },
  {
    key: 'band',
    label: 'Band',
    value: (d) => `${bandText[d.bandFrom]} → ${bandText[d.bandTo]}`,
    render: (d) =>
      d.bandWorsened ? (
        <span className="flex items-center gap-1">
          <BandBadge band={d.bandFrom} /> <span aria-label="became">→</span> <BandBadge band={d.bandTo} />
        </span>
      ) : (
        <BandBadge band={d.bandTo} />
      ),
  },
  { key: 'since', label: 'Compared with', value: (d) => d.comparedDay, render: (d) => formatDay(d.comparedDay) },
  { key: 'reason', label: 'Top reason', value: (d) => d.reason ?? '', render: (d) => d.reason ?? '—' },
];

/** Accounts that declined in the last 7 days (a fall of ≥ 10 points or a worse band), biggest fall first. */
export function DeclinesTable({ declines }: { declines: readonly Decline[] }) {
  return (
    <DataTable
      caption="Accounts that declined in the last 7 days"
      columns={columns}
      rows={declines}
      rowKey={(d) => d.account.id}
      csvName="portfolio-declines.csv"
    />
  );
}
