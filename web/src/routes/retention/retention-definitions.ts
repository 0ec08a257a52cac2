/**
 * The definitions the retention tiles show, one map keyed by figure, worded from docs/metrics.md (the
 * specification the service computes). S = customers with MRR > 0 just before the period, E = just before its
 * end, N = customers acquired in it (NEW, or REACTIVATION while not in S). Periods are half-open [from, to), UTC.
 */
export type RetentionFigure =
  'churnRate' | 'crr' | 'nrr' | 'grr' | 'arr' | 'arrGrowth' | 'quickRatio' | 'arpa' | 'clv' | 'crc';

export const RETENTION_DEFINITIONS: Record<RetentionFigure, { label: string; text: string; formula: string }> = {
  churnRate: {
    label: 'Churn rate',
    formula: 'churned / |S| × 100',
    text: 'Distinct customers with a CHURN movement in the period (start customers, and customers acquired in the period who left in it) over the customers at the start. Can exceed 100 % because churned acquired customers are not in S. Empty when S is empty.',
  },
  crr: {
    label: 'Customer retention rate (CRR)',
    formula: '(|E| − |N|) / |S| × 100',
    text: 'Customers at the end minus customers acquired during the period, over customers at the start (counts). A customer acquired and lost in the same period is subtracted too, so CRR can be below the share of start customers kept, even negative.',
  },
  nrr: {
    label: 'Net revenue retention (NRR)',
    formula: '(start MRR + expansion − contraction − churn) / start MRR × 100',
    text: 'Measured on the start cohort (customers in S), each by the net change of its MRR over the period; a churn at any time ends its membership (its start MRR counts as churn, a later reactivation is re-acquisition, not expansion). Empty when start MRR is 0.',
  },
  grr: {
    label: 'Gross revenue retention (GRR)',
    formula: '(start MRR − contraction − churn) / start MRR × 100',
    text: 'The start cohort’s MRR kept, without expansion: Σ min(start, end) of the start customers who did not churn over their start MRR. Always between 0 and 100 %. Empty when start MRR is 0.',
  },
  arr: {
    label: 'ARR',
    formula: '12 × MRR just before the end of the period',
    text: 'Annual recurring revenue at the end of the period: twelve times the MRR (the sum of every customer’s MRR just before the period ends).',
  },
  arrGrowth: {
    label: 'ARR growth',
    formula: '(end ARR − start ARR) / start ARR × 100',
    text: 'Growth of ARR from just before the period to just before its end. Empty when start ARR is 0.',
  },
  quickRatio: {
    label: 'Quick ratio',
    formula: '(new + expansion + reactivation) / (contraction + churn)',
    text: 'MRR gained over MRR lost in the period (raw movement sums). Above 1 the book grows. Empty when nothing was lost.',
  },
  arpa: {
    label: 'ARPA',
    formula: 'end MRR / |E|',
    text: 'Average revenue per account: MRR at the end of the period over the customers active at the end, to the nearest cent. Empty when E is empty.',
  },
  clv: {
    label: 'Customer lifetime value (CLV)',
    formula: 'ARPA × gross margin × 1 / monthly churn rate',
    text: 'Subscription CLV: the period’s churn rate converted to a monthly rate (1 − (1 − r)^(30.4375 / days)), expected lifetime = 1 / monthly churn in months; gross margin from the service’s GROSS_MARGIN. Empty when there was no churn.',
  },
  crc: {
    label: 'Customer retention cost (CRC)',
    formula: 'CS cost of the period / customers served',
    text: 'Customer-success costs prorated by days into the period, over the customers active at some instant of it. With a segment or CSM filter the cost is apportioned by that scope’s share of customers served. Empty when nobody was served.',
  },
};
