import type { HealthBand } from '@/gql/graphql';
import type { ReactNode } from 'react';
import { BAND_COLOURS } from './palette';

/**
 * Pattern fills for bands, to put inside a Recharts chart (`<BandPatternDefs />` as a child) and use with
 * `fill={bandFill(band)}`: GREEN solid, YELLOW diagonal hatch, RED dots, UNKNOWN cross-hatch — distinct in
 * greyscale and to colour-blind readers.
 */
export function BandPatternDefs() {
  const p = (band: HealthBand, mark: ReactNode) => (
    <pattern key={band} id={`band-pattern-${band}`} width="6" height="6" patternUnits="userSpaceOnUse">
      <rect width="6" height="6" fill={BAND_COLOURS[band]} />
      {mark}
    </pattern>
  );
  return (
    <defs>
      {p('GREEN', null)}
      {p('YELLOW', <path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="#ffffff" strokeWidth="1.2" />)}
      {p('RED', <circle cx="3" cy="3" r="1.3" fill="#ffffff" />)}
      {p('UNKNOWN', <path d="M0,0 l6,6 M6,0 l-6,6" stroke="#ffffff" strokeWidth="0.8" />)}
    </defs>
  );
}
