import type { PlaybookPageQuery } from '@/gql/graphql';
import { formatDelta, formatInt, formatPercent, formatScore, humanize } from '@/lib/format';
import { MetricTile } from '@/components/cockpit/metric-tile';
import { Section } from '@/components/page-header';
import { pct } from './playbooks-period';

type Stats = PlaybookPageQuery['playbookEffectiveness'][number];

/** Effectiveness of one playbook over runs started in the period (definitions from the API's PlaybookStats). */
export function PlaybookEffectivenessPanel({
  stats,
  period,
}: {
  stats: Stats | undefined;
  period: { from: string; to: string };
}) {
  const s = stats;
  return (
    <Section title={`Effectiveness — runs started ${period.from} to ${period.to} (exclusive)`}>
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="playbook-effectiveness">
        <MetricTile
          label="Runs"
          value={formatInt(s?.runs ?? 0)}
          definition={<p>Runs started in the period (suppressed attempts not counted).</p>}
        />
        <MetricTile
          label="Suppressed"
          value={formatInt(s?.suppressedTotal ?? 0)}
          definition={
            <>
              <p>Attempts in the period that did not start a run.</p>
              {s?.suppressed.map((x) => (
                <p key={x.reason}>
                  {humanize(x.reason)}: {formatInt(x.count)}
                </p>
              ))}
            </>
          }
        />
        <MetricTile
          label="Task completion"
          value={formatPercent(pct(s?.taskCompletionPct))}
          definition={<p>Share of the runs’ tasks that are done.</p>}
        />
        <MetricTile
          label="On time"
          value={formatPercent(pct(s?.onTimePct))}
          definition={
            <p>
              Share of done tasks completed by their due time. Median days to complete:{' '}
              {formatScore(s?.medianDaysToComplete)}.
            </p>
          }
        />
        <MetricTile
          label="Save rate"
          value={formatPercent(pct(s?.saveRatePct))}
          definition={
            <p>
              Share of runs SAVED among runs whose outcome is known (decided 90 days after the start: churned, saved
              when active and not red, else at risk).
            </p>
          }
        />
        <MetricTile
          label="Health change (30 d)"
          value={formatDelta(s?.avgHealthChange30d)}
          definition={
            <p>Average health score change from the run’s start to 30 days later (runs with history at both ends).</p>
          }
        />
      </div>
    </Section>
  );
}
