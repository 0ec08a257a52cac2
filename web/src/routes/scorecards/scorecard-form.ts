import type { MeasureMetric, ScorecardInput, ScorecardsQuery } from '@/gql/graphql';

type Card = ScorecardsQuery['scorecards'][number];

/** A measure as the form edits it: numbers as typed text, the scale as "value:score, value:score". */
export interface MeasureDraft {
  key: string;
  label: string;
  metric: MeasureMetric;
  signalType: string;
  windowDays: string;
  weight: string;
  points: string;
}

export interface ScorecardDraft {
  id: string | null;
  name: string;
  segment: string;
  redBelow: string;
  greenAtOrAbove: string;
  minCoverage: string;
  measures: MeasureDraft[];
}

export const METRICS: MeasureMetric[] = [
  'ACTIVE_DAYS',
  'EVENT_COUNT',
  'QUANTITY_SUM',
  'USAGE_TREND',
  'DAYS_SINCE_LAST_ACTIVITY',
  'DISTINCT_FEATURES',
  'NPS_LATEST',
  'NPS_AVERAGE',
  'CSAT_AVERAGE',
  'NEGATIVE_TICKET_SHARE',
  'PAYMENT_FAILURES',
  'MRR_CHANGE_PCT',
  'DAYS_TO_RENEWAL',
  'TENURE_DAYS',
];

export function pointsText(points: readonly { value: number; score: number }[]): string {
  return points.map((p) => `${p.value}:${p.score}`).join(', ');
}

export function toDraft(card: Card): ScorecardDraft {
  return {
    id: card.id || null,
    name: card.name,
    segment: card.segment ?? '',
    redBelow: String(card.redBelow),
    greenAtOrAbove: String(card.greenAtOrAbove),
    minCoverage: String(card.minCoverage),
    measures: card.measures.map((m) => ({
      key: m.key,
      label: m.label,
      metric: m.metric,
      signalType: m.signalType ?? '',
      windowDays: m.windowDays === null || m.windowDays === undefined ? '' : String(m.windowDays),
      weight: String(m.weight),
      points: pointsText(m.points),
    })),
  };
}

export function emptyMeasure(n: number): MeasureDraft {
  return {
    key: `measure_${n}`,
    label: '',
    metric: 'ACTIVE_DAYS',
    signalType: '',
    windowDays: '30',
    weight: '10',
    points: '0:0, 10:100',
  };
}

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Parses "0:0, 4:40" (also "0 → 0; 4 → 40"); null when a pair is not two numbers. */
export function parsePoints(text: string): { value: number; score: number }[] | null {
  const pairs = text
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const out: { value: number; score: number }[] = [];
  for (const pair of pairs) {
    const parts = pair.split(/\s*(?::|→|->)\s*/);
    if (parts.length !== 2 || !NUMBER.test(parts[0]) || !NUMBER.test(parts[1])) return null;
    out.push({ value: Number(parts[0]), score: Number(parts[1]) });
  }
  return out;
}

/**
 * The draft as the API's ScorecardInput, or the fields that are not numbers (keyed like the API's field errors,
 * e.g. `measures[1].weight`), so they show beside their field before anything is sent. Range rules are the API's.
 */
export function fromDraft(d: ScorecardDraft): { input: ScorecardInput | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const num = (field: string, text: string, optional = false): number | null => {
    const t = text.trim();
    if (!t && optional) return null;
    if (!NUMBER.test(t)) {
      errors[field] = 'must be a number';
      return null;
    }
    return Number(t);
  };
  const measures = d.measures.map((m, i) => {
    const f = `measures[${i}]`;
    const points = parsePoints(m.points);
    if (points === null) errors[`${f}.points`] = 'write the scale as value:score pairs, e.g. 0:0, 4:40, 12:80';
    const windowDays = num(`${f}.windowDays`, m.windowDays, true);
    if (windowDays !== null && !Number.isInteger(windowDays))
      errors[`${f}.windowDays`] = 'must be a whole number of days';
    return {
      key: m.key.trim(),
      label: m.label,
      metric: m.metric,
      signalType: m.signalType.trim() || null,
      windowDays,
      weight: num(`${f}.weight`, m.weight) ?? 0,
      points: points ?? [],
    };
  });
  const input: ScorecardInput = {
    id: d.id,
    name: d.name,
    segment: d.segment.trim() || null,
    redBelow: num('redBelow', d.redBelow) ?? 0,
    greenAtOrAbove: num('greenAtOrAbove', d.greenAtOrAbove) ?? 0,
    minCoverage: num('minCoverage', d.minCoverage) ?? 0,
    measures,
  };
  return Object.keys(errors).length ? { input: null, errors } : { input, errors };
}
