import { createRoute, Link } from '@tanstack/react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { AccountsQuery as AccountsData } from '@/gql/graphql';
import { formatDay, formatDelta, formatInt, formatMoney, formatScore } from '@/lib/format';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/states';
import { BandBadge, RiskBadge } from '@/components/band-badge';
import { Sparkline } from '@/components/sparkline';
import { Button } from '@/components/ui/button';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { appRoute } from '../_app/app.route';
import { isManager } from '../_app/navigation';
import { teamQueryOptions } from '../my-day/my-day.query';
import { AccountsFilters } from './accounts-filters';
import { DrillFilterNotice } from './drill-filter-notice';
import { exportHref, validateAccountsSearch, type AccountsSearch } from './accounts-search';
import { accountsQueryOptions } from './accounts.query';

export const accountsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/accounts',
  validateSearch: validateAccountsSearch,
  loaderDeps: ({ search }) => search,
  // The list is asked for at navigation start, before the page renders (the page's useQuery joins it).
  loader: ({ context, deps }) => {
    void context.queryClient.prefetchQuery(accountsQueryOptions(deps));
    if (isManager(context.me.role)) void context.queryClient.prefetchQuery(teamQueryOptions);
  },
  component: AccountsPage,
});

function AccountsPage() {
  const { me } = accountsRoute.useRouteContext();
  const search = accountsRoute.useSearch();
  const navigate = accountsRoute.useNavigate();
  const manager = isManager(me.role);
  const team = useQuery({ ...teamQueryOptions, enabled: manager });
  const query = useQuery({ ...accountsQueryOptions(search), placeholderData: keepPreviousData });
  const update = useCallback(
    (patch: Partial<AccountsSearch>) =>
      void navigate({ search: (prev) => ({ ...prev, ...patch, after: 'after' in patch ? patch.after : undefined }) }),
    [navigate],
  );
  // Stable props: the filter bar does not re-render when the list's data arrives, so an open select keeps the
  // option the keyboard is on (a re-render moves Radix's focus back to the chosen option).
  const owners = useMemo(
    () => (manager ? team.data?.users.filter((u) => u.role !== 'INGEST') : undefined),
    [manager, team.data],
  );

  return (
    <>
      <PageHeader
        title="Accounts"
        subtitle={
          query.data
            ? `${formatInt(query.data.accounts.totalCount)} accounts match`
            : manager
              ? 'Every account'
              : 'Your book'
        }
      >
        <Button variant="secondary" asChild>
          <a href={exportHref(search)} download>
            Export CSV
          </a>
        </Button>
      </PageHeader>
      <AccountsFilters search={search} onChange={update} owners={owners} />
      <DrillFilterNotice search={search} onChange={update} />
      <QueryState
        query={query}
        loadingRows={10}
        isEmpty={(d) => d.accounts.edges.length === 0}
        empty={
          <EmptyState title="No account matches these filters">
            Clear a filter or widen the search. New accounts arrive from your CRM import or the API.
          </EmptyState>
        }
      >
        {(d) => <AccountsTable data={d} showOwner={manager} />}
      </QueryState>
      {query.data && (
        <nav aria-label="Pages" className="mt-3 flex items-center gap-2">
          <Button variant="secondary" disabled={!search.after} onClick={() => update({ after: undefined })}>
            First page
          </Button>
          <Button
            variant="secondary"
            disabled={!query.data.accounts.pageInfo.hasNextPage}
            onClick={() => update({ after: query.data.accounts.pageInfo.endCursor ?? undefined })}
          >
            Next page
          </Button>
          {query.isFetching && (
            <span role="status" className="text-sm text-slate-600">
              Loading…
            </span>
          )}
        </nav>
      )}
    </>
  );
}

function AccountsTable({ data, showOwner }: { data: AccountsData; showOwner: boolean }) {
  return (
    <Table>
      <caption className="sr-only">Accounts, one row per account</caption>
      <thead>
        <tr>
          <Th>Account</Th>
          {showOwner && <Th>Owner</Th>}
          <Th>Health</Th>
          <Th>30 days</Th>
          <Th className="text-right">7-day change</Th>
          <Th>Risk</Th>
          <Th className="text-right">MRR</Th>
          <Th>Renewal</Th>
        </tr>
      </thead>
      <tbody>
        {data.accounts.edges.map(({ node: a }) => {
          const delta = a.health?.trend.delta7d;
          return (
            <Tr key={a.id}>
              <Td>
                <Link
                  to="/accounts/$accountId"
                  params={{ accountId: a.id }}
                  className="font-medium text-blue-800 hover:underline"
                >
                  {a.name}
                </Link>
                <span className="block text-xs text-slate-600">
                  {a.segment ?? 'No segment'} · {a.status.toLowerCase()}
                  {a.health?.flags.length
                    ? ` · ${a.health.flags.length} flag${a.health.flags.length > 1 ? 's' : ''}`
                    : ''}
                </span>
              </Td>
              {showOwner && <Td>{a.owner?.name ?? 'Unassigned'}</Td>}
              <Td>
                {a.health ? (
                  <span className="flex items-center gap-2">
                    <BandBadge band={a.health.band} overridden={!!a.health.override} />
                    <span className="tabular-nums">{formatScore(a.health.score)}</span>
                  </span>
                ) : (
                  <span className="text-slate-500">Not computed</span>
                )}
              </Td>
              <Td>
                <Sparkline
                  points={a.healthTrend.map((p) => p.score ?? null)}
                  label={`Health of ${a.name} over 30 days`}
                />
              </Td>
              <Td
                className={`text-right tabular-nums ${delta !== null && delta !== undefined && delta <= -10 ? 'font-semibold text-red-800' : ''}`}
              >
                {delta !== null && delta !== undefined && delta < 0 && <span aria-hidden>▼ </span>}
                {delta !== null && delta !== undefined && delta > 0 && <span aria-hidden>▲ </span>}
                {formatDelta(delta)}
              </Td>
              <Td>
                <RiskBadge band={a.risk?.band} />
              </Td>
              <Td className="text-right tabular-nums">{formatMoney(a.mrrCents)}</Td>
              <Td>{formatDay(a.renewalDate)}</Td>
            </Tr>
          );
        })}
      </tbody>
    </Table>
  );
}
