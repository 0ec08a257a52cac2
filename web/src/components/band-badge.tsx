import type { HealthBand, RiskBand } from '@/gql/graphql';
import { Badge, ToneIcon, type Tone } from './ui/badge';

const bandTone: Record<HealthBand, Tone> = { GREEN: 'green', YELLOW: 'yellow', RED: 'red', UNKNOWN: 'grey' };
const bandText: Record<HealthBand, string> = { GREEN: 'Green', YELLOW: 'Yellow', RED: 'Red', UNKNOWN: 'Unknown' };

/** Health band as text plus a shape (circle / triangle / square / ring): never colour alone. */
export function BandBadge({ band, overridden }: { band: HealthBand; overridden?: boolean }) {
  return (
    <Badge tone={bandTone[band]}>
      <ToneIcon tone={bandTone[band]} />
      {bandText[band]}
      {overridden && <span className="font-normal">(override)</span>}
    </Badge>
  );
}

const riskTone: Record<RiskBand, Tone> = { LOW: 'green', MEDIUM: 'yellow', HIGH: 'red' };
const riskText: Record<RiskBand, string> = { LOW: 'Low risk', MEDIUM: 'Medium risk', HIGH: 'High risk' };

export function RiskBadge({ band }: { band: RiskBand | null | undefined }) {
  if (!band) return <span className="text-slate-500">Not scored</span>;
  return (
    <Badge tone={riskTone[band]}>
      <ToneIcon tone={riskTone[band]} />
      {riskText[band]}
    </Badge>
  );
}

export const HEALTH_BANDS: HealthBand[] = ['RED', 'YELLOW', 'GREEN', 'UNKNOWN'];
export const RISK_BANDS: RiskBand[] = ['HIGH', 'MEDIUM', 'LOW'];
export { bandText, riskText };
