import type { RetentionFiguresFragment } from '@/gql/graphql';
import { MetricTile, type Change } from '@/components/cockpit/metric-tile';
import { formatMoney, formatPercent } from '@/lib/format';
import { RETENTION_DEFINITIONS, type RetentionFigure } from './retention-definitions';

type Kind = 'pct' | 'money' | 'ratio';
interface TileSpec {
  figure: RetentionFigure;
  kind: Kind;
  read: (m: RetentionFiguresFragment) => number | null | undefined;
  /** Whether a rise is good news (churn and cost: a fall is). */
  higherIsBetter: boolean;
}

export const TILES: TileSpec[] = [
  { figure: 'churnRate', kind: 'pct', read: (m) => m.churnRate, higherIsBetter: false },
  { figure: 'crr', kind: 'pct', read: (m) => m.crr, higherIsBetter: true },
  { figure: 'nrr', kind: 'pct', read: (m) => m.nrr, higherIsBetter: true },
  { figure: 'grr', kind: 'pct', read: (m) => m.grr, higherIsBetter: true },
  { figure: 'arr', kind: 'money', read: (m) => m.endArrCents, higherIsBetter: true },
  { figure: 'arrGrowth', kind: 'pct', read: (m) => m.arrGrowth, higherIsBetter: true },
  { figure: 'quickRatio', kind: 'ratio', read: (m) => m.quickRatio, higherIsBetter: true },
  { figure: 'arpa', kind: 'money', read: (m) => m.arpaCents, higherIsBetter: true },
  { figure: 'clv', kind: 'money', read: (m) => m.clvCents, higherIsBetter: true },
  { figure: 'crc', kind: 'money', read: (m) => m.crcCents, higherIsBetter: false },
];

/** A figure as shown: percentages arrive in percent (7.5 = 7.5 %), money in cents. */
export function formatFigure(kind: Kind, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (kind === 'pct') return formatPercent(v / 100, { digits: 1 });
  if (kind === 'money') return formatMoney(v);
  return v.toFixed(2);
}

/** The change in words: percentage points for rates, a relative change for money and ratios. */
export function describeChange(
  spec: TileSpec,
  cur: number | null | undefined,
  prev: number | null | undefined,
): Change | null {
  if (cur === null || cur === undefined || prev === null || prev === undefined) return null;
  const diff = cur - prev;
  const direction = Math.abs(diff) < 1e-9 ? 'flat' : diff > 0 ? 'up' : 'down';
  const good = direction === 'flat' ? null : (direction === 'up') === spec.higherIsBetter;
  if (direction === 'flat') return { text: 'no change', direction, good };
  const word = direction === 'up' ? 'up' : 'down';
  if (spec.kind === 'pct') return { text: `${word} ${Math.abs(diff).toFixed(1)} points`, direction, good };
  if (prev === 0) return { text: `${word} from 0`, direction, good };
  return { text: `${word} ${formatPercent(Math.abs(diff / prev), { digits: 1 })}`, direction, good };
}

export function RetentionTiles({
  current,
  previous,
  onDrill,
}: {
  current: RetentionFiguresFragment;
  previous: RetentionFiguresFragment;
  onDrill: (figure: RetentionFigure) => void;
}) {
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5" data-testid="retention-tiles">
      {TILES.map((spec) => {
        const def = RETENTION_DEFINITIONS[spec.figure];
        const cur = spec.read(current);
        const prev = spec.read(previous);
        return (
          <MetricTile
            key={spec.figure}
            label={def.label}
            value={formatFigure(spec.kind, cur)}
            change={describeChange(spec, cur, prev)}
            previous={formatFigure(spec.kind, prev)}
            definition={
              <>
                <p className="font-mono text-xs">{def.formula}</p>
                <p>{def.text}</p>
              </>
            }
            onDrill={() => onDrill(spec.figure)}
            drillLabel="See the accounts behind it"
          />
        );
      })}
    </div>
  );
}
