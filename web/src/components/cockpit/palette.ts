import type { HealthBand, RiskBand } from '@/gql/graphql';

/**
 * Okabe–Ito: eight colours told apart with every common colour-vision deficiency. Charts take series colours
 * from here in order; a band never relies on colour alone (a pattern per band, its name in legend and tooltip,
 * and every chart's numbers as a table).
 */
export const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'];

export const BAND_COLOURS: Record<HealthBand, string> = {
  GREEN: '#009E73',
  YELLOW: '#E69F00',
  RED: '#D55E00',
  UNKNOWN: '#999999',
};

export const RISK_COLOURS: Record<RiskBand, string> = {
  LOW: '#009E73',
  MEDIUM: '#E69F00',
  HIGH: '#D55E00',
};

/** Stacking order for band charts: worst at the bottom, where the eye starts. */
export const BAND_STACK: HealthBand[] = ['RED', 'YELLOW', 'GREEN', 'UNKNOWN'];

/** The SVG pattern id of a band (defined by <BandPatternDefs/> inside the chart). */
export function bandFill(band: HealthBand): string {
  return `url(#band-pattern-${band})`;
}
