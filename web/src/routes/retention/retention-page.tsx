import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { MetricsFilter } from '@/gql/graphql';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/states';
import { gqlRequest } from '@/lib/graphql-client';
import { CsmPicker } from '../my-day/csm-picker';
import { DrillDownDialog, type DrillRequest } from './drill-down-dialog';
import { PeriodPicker, SegmentFilter } from './period-picker';
import { RETENTION_DEFINITIONS } from './retention-definitions';
import { TILE_DRILLS } from './retention-drill';
import { periodLabel } from './retention-period';
import { RetentionQuery } from './retention.graphql';
import { retentionRoute } from './retention.route';
import { resolvePeriod, type RetentionSearch } from './retention-search';
import { RetentionTiles } from './retention-tiles';
import { WaterfallChart } from './waterfall-chart';
import { TrendCharts, useTrendQuery } from './trend-charts';
import { CohortHeatmap, useCohortQuery } from './cohort-heatmap';

export function RetentionPage() {
  const search = retentionRoute.useSearch();
  const navigate = retentionRoute.useNavigate();
  const { kind, period, previous } = resolvePeriod(search, new Date());
  const filter: MetricsFilter = { segment: search.segment, ownerId: search.owner };
  const [drill, setDrill] = useState<DrillRequest | null>(null);
  const update = (patch: Partial<RetentionSearch>) =>
    void navigate({ search: (s: RetentionSearch) => ({ ...s, ...patch }) });

  const query = useQuery({
    queryKey: ['retention', period, previous, filter],
    queryFn: () => gqlRequest(RetentionQuery, { period, previous, filter }),
  });
  const trendUnit = search.trend ?? 'month';
  const trend = useTrendQuery(trendUnit, period.to, filter);
  const cohorts = useCohortQuery(period.to, filter);
  // The benchmark's "content": present once the tiles, the trend and the cohorts all have their data.
  const ready = !!query.data && !!trend.data && !!cohorts.data && !trend.isPlaceholderData;
  const periodText = periodLabel(kind, period);

  return (
    <>
      <PageHeader
        title="Retention analytics"
        subtitle={`${periodText} [${period.from}, ${period.to}), compared with ${periodLabel(kind, previous)}${
          search.segment ? ` · segment ${search.segment}` : ''
        }`}
      >
        <PeriodPicker kind={kind} period={period} onChange={update} />
        <SegmentFilter value={search.segment} onChange={(segment) => update({ segment })} />
        <CsmPicker value={search.owner} onChange={(owner) => update({ owner })} />
      </PageHeader>
      <QueryState query={query} loadingRows={6}>
        {(d) => (
          <div className="space-y-6" data-testid={ready ? 'retention-content' : undefined}>
            <RetentionTiles
              current={d.current}
              previous={d.previous}
              onDrill={(figure) =>
                setDrill({
                  title: RETENTION_DEFINITIONS[figure].label,
                  intro: TILE_DRILLS[figure].intro,
                  parts: TILE_DRILLS[figure].parts,
                })
              }
            />
            <WaterfallChart
              metrics={d.current}
              onDrill={(bar) =>
                setDrill({
                  title: `MRR waterfall, ${bar.label.toLowerCase()}`,
                  intro: bar.part.what,
                  parts: [bar.part],
                })
              }
            />
            <TrendCharts
              unit={trendUnit}
              query={trend}
              onUnit={(trend) => update({ trend: trend === 'month' ? undefined : trend })}
            />
            <CohortHeatmap
              to={period.to}
              query={cohorts}
              measure={search.cohort ?? 'logo'}
              onMeasure={(cohort) => update({ cohort: cohort === 'logo' ? undefined : cohort })}
            />
            <DrillDownDialog
              request={drill}
              onClose={() => setDrill(null)}
              period={period}
              periodText={periodText}
              filter={filter}
              metrics={d.current}
            />
          </div>
        )}
      </QueryState>
    </>
  );
}
