import type { MetricFigure, RetentionFiguresFragment } from '@/gql/graphql';
import type { RetentionFigure } from './retention-definitions';

/** One list behind a figure: which accounts, what the list is, and the figure's own count or sum it must equal. */
export interface DrillPart {
  figure: MetricFigure;
  title: string;
  /** What the list is, in words (shown above it). */
  what: string;
  /** The retentionMetrics count this list's length equals (null: the figure has no count). */
  count: (m: RetentionFiguresFragment) => number | null;
  /** The retentionMetrics sum (cents) the amounts add up to (null: the amount is only informative). */
  sum: (m: RetentionFiguresFragment) => number | null;
}

const PART: Record<string, DrillPart> = {
  start: {
    figure: 'START_CUSTOMERS',
    title: 'Start book',
    what: 'Customers with MRR just before the period (S); amount = their start MRR.',
    count: (m) => m.customersAtStart,
    sum: (m) => m.startMrrCents,
  },
  end: {
    figure: 'END_CUSTOMERS',
    title: 'End book',
    what: 'Customers with MRR just before the end of the period (E); amount = their end MRR.',
    count: (m) => m.customersAtEnd,
    sum: (m) => m.endMrrCents,
  },
  churned: {
    figure: 'CHURNED',
    title: 'Churned',
    what: 'Customers with a CHURN movement in the period; amount = the MRR they took with them.',
    count: (m) => m.churnedCustomers,
    sum: (m) => m.churnedMrrCents,
  },
  acquired: {
    figure: 'ACQUIRED',
    title: 'Acquired',
    what: 'Customers acquired in the period (N: NEW, or reactivated while not in S); amount = new + reactivation MRR.',
    count: (m) => m.acquiredCustomers,
    sum: () => null,
  },
  new: {
    figure: 'NEW',
    title: 'New',
    what: 'NEW movements in the period; amount = their MRR.',
    count: () => null,
    sum: (m) => m.newMrrCents,
  },
  expansion: {
    figure: 'EXPANSION',
    title: 'Expansion',
    what: 'EXPANSION movements in the period (raw sums, as the waterfall).',
    count: () => null,
    sum: (m) => m.expansionMrrCents,
  },
  reactivation: {
    figure: 'REACTIVATION',
    title: 'Reactivation',
    what: 'REACTIVATION movements in the period; amount = their MRR.',
    count: () => null,
    sum: (m) => m.reactivationMrrCents,
  },
  contraction: {
    figure: 'CONTRACTION',
    title: 'Contraction',
    what: 'CONTRACTION movements in the period (raw sums, as the waterfall).',
    count: () => null,
    sum: (m) => m.contractionMrrCents,
  },
  cohortExpansion: {
    figure: 'COHORT_EXPANSION',
    title: 'Start cohort: expansion',
    what: 'Start customers who did not churn and end above their start MRR; amount = end − start.',
    count: () => null,
    sum: () => null,
  },
  cohortContraction: {
    figure: 'COHORT_CONTRACTION',
    title: 'Start cohort: contraction',
    what: 'Start customers who did not churn and end below their start MRR; amount = start − end.',
    count: () => null,
    sum: () => null,
  },
  cohortChurn: {
    figure: 'COHORT_CHURN',
    title: 'Start cohort: churn',
    what: 'Start customers with a churn in the period; amount = their whole start MRR.',
    count: () => null,
    sum: () => null,
  },
  served: {
    figure: 'SERVED',
    title: 'Customers served',
    what: 'Customers active at some instant of the period (the CRC denominator); amount = their end MRR.',
    count: (m) => m.customersServed,
    sum: () => null,
  },
};

/** What each tile drills into: the figure itself, or for a ratio its numerator and denominator lists. */
export const TILE_DRILLS: Record<RetentionFigure, { intro: string; parts: DrillPart[] }> = {
  churnRate: { intro: 'Churn rate = churned ÷ start book (count).', parts: [PART.churned, PART.start] },
  crr: {
    intro: 'CRR = (end book − acquired) ÷ start book (counts).',
    parts: [PART.end, PART.acquired, PART.start],
  },
  nrr: {
    intro: 'NRR = (start MRR + expansion − contraction − churn of the start cohort) ÷ start MRR.',
    parts: [PART.start, PART.cohortExpansion, PART.cohortContraction, PART.cohortChurn],
  },
  grr: {
    intro: 'GRR = (start MRR − contraction − churn of the start cohort) ÷ start MRR.',
    parts: [PART.start, PART.cohortContraction, PART.cohortChurn],
  },
  arr: { intro: 'ARR = 12 × the end book’s MRR.', parts: [PART.end] },
  arrGrowth: { intro: 'ARR growth compares the end book with the start book.', parts: [PART.end, PART.start] },
  quickRatio: {
    intro: 'Quick ratio = (new + expansion + reactivation) ÷ (contraction + churn).',
    parts: [PART.new, PART.expansion, PART.reactivation, PART.contraction, PART.churned],
  },
  arpa: { intro: 'ARPA = the end book’s MRR ÷ its number of customers.', parts: [PART.end] },
  clv: {
    intro: 'CLV uses ARPA (the end book) and the churn rate (churned ÷ start book).',
    parts: [PART.churned, PART.start, PART.end],
  },
  crc: { intro: 'CRC = CS cost ÷ customers served.', parts: [PART.served] },
};

/** The waterfall's bars, in order, with the list each opens. */
export const WATERFALL_STEPS: Array<{ key: string; label: string; part: DrillPart; sign: 1 | -1 | 0 }> = [
  { key: 'start', label: 'Start', part: PART.start, sign: 0 },
  { key: 'new', label: 'New', part: PART.new, sign: 1 },
  { key: 'expansion', label: 'Expansion', part: PART.expansion, sign: 1 },
  { key: 'reactivation', label: 'Reactivation', part: PART.reactivation, sign: 1 },
  { key: 'contraction', label: 'Contraction', part: PART.contraction, sign: -1 },
  { key: 'churn', label: 'Churn', part: PART.churned, sign: -1 },
  { key: 'end', label: 'End', part: PART.end, sign: 0 },
];
