import { lazy, Suspense, type ComponentProps } from 'react';

/**
 * The charts (Recharts and d3, most of Account 360's code) load as their own chunk after the page has rendered:
 * the score, its components and the tables show without waiting for them. The placeholder keeps the chart's height.
 */
const HealthChartChunk = lazy(() => import('./charts').then((m) => ({ default: m.HealthChart })));
const MrrChartChunk = lazy(() => import('./charts').then((m) => ({ default: m.MrrChart })));

function ChartPlaceholder() {
  return <div aria-hidden className="h-48 animate-pulse rounded bg-slate-100" />;
}

export function HealthChart(props: ComponentProps<typeof HealthChartChunk>) {
  return (
    <Suspense fallback={<ChartPlaceholder />}>
      <HealthChartChunk {...props} />
    </Suspense>
  );
}

export function MrrChart(props: ComponentProps<typeof MrrChartChunk>) {
  return (
    <Suspense fallback={<ChartPlaceholder />}>
      <MrrChartChunk {...props} />
    </Suspense>
  );
}
