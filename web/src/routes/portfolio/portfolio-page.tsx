import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { gqlRequest } from '@/lib/graphql-client';
import { formatInt, formatMoney, formatPercent } from '@/lib/format';
import { PageHeader, Section } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/states';
import { Select } from '@/components/ui/select';
import { MetricTile } from '@/components/cockpit/metric-tile';
import { CsmPicker } from '../my-day/csm-picker';
import { portfolioRoute } from './portfolio.route';
import { PortfolioQuery } from './portfolio.graphql';
import { BandMixChart } from './band-mix-chart';
import { DeclinesTable } from './declines-table';
import {
  atRiskDrillSearch,
  DEFAULT_WEEKS,
  portfolioVariables,
  toWeekRows,
  WEEK_CHOICES,
  type PortfolioSearch,
} from './portfolio-search';

/**
 * Portfolio health: the book's weekly band mix, MRR at risk and this week's declines, for the whole book, one
 * segment or one CSM (pickers in the URL). Every figure opens the accounts behind it.
 */
export function PortfolioPage() {
  const search = portfolioRoute.useSearch();
  const navigate = useNavigate();
  const variables = portfolioVariables(search);
  const query = useQuery({
    queryKey: ['portfolioHealth', variables],
    queryFn: () => gqlRequest(PortfolioQuery, variables),
    placeholderData: keepPreviousData,
  });
  const update = (patch: Partial<PortfolioSearch>) =>
    void navigate({ to: '/portfolio', search: (prev: PortfolioSearch) => ({ ...prev, ...patch }) });
  // The URL's segment stays pickable even when no account has it (a shared link to an emptied segment).
  const known = query.data?.portfolioHealth.segments ?? [];
  const segments = search.segment && !known.includes(search.segment) ? [search.segment, ...known] : known;

  return (
    <>
      <PageHeader
        title="Portfolio health"
        subtitle={
          search.segment || search.owner
            ? `${search.segment ? `Segment ${search.segment}` : 'Every segment'} · ${search.owner ? 'one CSM' : 'the whole team'}`
            : 'The whole book'
        }
      >
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
          Segment
          <Select
            aria-label="Segment"
            value={search.segment}
            onChange={(v) => update({ segment: v })}
            emptyLabel="All segments"
            options={segments.map((s) => ({ value: s, label: s }))}
          />
        </label>
        <CsmPicker value={search.owner} onChange={(v) => update({ owner: v })} />
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
          Weeks
          <Select
            aria-label="Weeks"
            value={String(search.weeks ?? DEFAULT_WEEKS)}
            onChange={(v) => update({ weeks: Number(v) as 13 | 26 | 52 })}
            options={WEEK_CHOICES.map((w) => ({ value: String(w), label: `${w} weeks` }))}
          />
        </label>
      </PageHeader>
      <QueryState
        query={query}
        loadingRows={8}
        isEmpty={(d) => d.portfolioHealth.mrrAtRisk.bookAccounts === 0 && d.portfolioHealth.weeks.every((w) => !w.day)}
        empty={
          <EmptyState title="No accounts in this view">
            Pick another segment or CSM. Health history appears once accounts are scored (daily).
          </EmptyState>
        }
      >
        {(d) => {
          const p = d.portfolioHealth;
          const risk = p.mrrAtRisk;
          const drill = () => void navigate({ to: '/accounts', search: atRiskDrillSearch(search) });
          return (
            <div data-testid="portfolio-content" className="space-y-6">
              <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
                <MetricTile
                  label="MRR at risk"
                  value={formatMoney(risk.mrrCents)}
                  definition={
                    <>
                      <p>
                        MRR today of live (not churned) accounts whose health band — the one people see, override
                        included — is <strong>Red</strong>, <strong>or</strong> whose churn risk is{' '}
                        <strong>High</strong>. The union: an account that is both counts once.
                      </p>
                      <p>
                        {formatInt(risk.redAccounts)} red, {formatInt(risk.highRiskAccounts)} high risk,{' '}
                        {formatInt(risk.redAccounts + risk.highRiskAccounts - risk.accounts)} both.
                      </p>
                    </>
                  }
                  onDrill={drill}
                />
                <MetricTile
                  label="Accounts at risk"
                  value={formatInt(risk.accounts)}
                  definition={<p>Live accounts that are Red (shown band) or at High churn risk, each counted once.</p>}
                  onDrill={drill}
                />
                <MetricTile
                  label="Share of MRR at risk"
                  value={formatPercent(risk.bookMrrCents ? risk.mrrCents / risk.bookMrrCents : null)}
                  definition={
                    <p>
                      MRR at risk / MRR of every live account in this view ({formatMoney(risk.bookMrrCents)},{' '}
                      {formatInt(risk.bookAccounts)} accounts).
                    </p>
                  }
                />
                <MetricTile
                  label="Declined in the last 7 days"
                  value={formatInt(p.declinesCount)}
                  definition={
                    <p>
                      Live accounts whose health score is at least 10 points below 7 days ago (the latest score of days
                      7–10 ago), or whose computed band got worse (Green → Yellow or Red, Yellow → Red).
                    </p>
                  }
                />
              </div>
              <BandMixChart rows={toWeekRows(p.weeks)} search={search} />
              <Section title={`Declined in the last 7 days (${formatInt(p.declinesCount)})`}>
                {p.declines.length ? (
                  <DeclinesTable declines={p.declines} />
                ) : (
                  <EmptyState title="No account declined this week">
                    No score fell by 10 points or more and no band got worse in the last 7 days.
                  </EmptyState>
                )}
              </Section>
            </div>
          );
        }}
      </QueryState>
    </>
  );
}
