import { graphql } from '@/gql';

export const RetentionFiguresFragment = graphql(`
  fragment RetentionFigures on RetentionMetrics {
    from
    to
    days
    customersAtStart
    customersAtEnd
    acquiredCustomers
    churnedCustomers
    customersServed
    churnRate
    crr
    nrr
    grr
    startMrrCents
    newMrrCents
    expansionMrrCents
    contractionMrrCents
    churnedMrrCents
    reactivationMrrCents
    endMrrCents
    startArrCents
    endArrCents
    arrGrowth
    quickRatio
    arpaCents
    clvCents
    csCostCents
    crcCents
  }
`);

/** The picked period and the one before it, in one request. */
export const RetentionQuery = graphql(`
  query Retention($period: PeriodInput!, $previous: PeriodInput!, $filter: MetricsFilter) {
    current: retentionMetrics(period: $period, filter: $filter) {
      ...RetentionFigures
    }
    previous: retentionMetrics(period: $previous, filter: $filter) {
      ...RetentionFigures
    }
  }
`);

export const TrendPointFragment = graphql(`
  fragment TrendPoint on RetentionMetrics {
    from
    to
    churnRate
    crr
    nrr
    grr
    endArrCents
    quickRatio
  }
`);

/**
 * The trend: 12 months or 8 quarters in one request (aliases; the last four skipped for quarters), rather than
 * one request per point.
 */
export const RetentionTrendQuery = graphql(`
  query RetentionTrend(
    $filter: MetricsFilter
    $twelve: Boolean!
    $p0: PeriodInput!
    $p1: PeriodInput!
    $p2: PeriodInput!
    $p3: PeriodInput!
    $p4: PeriodInput!
    $p5: PeriodInput!
    $p6: PeriodInput!
    $p7: PeriodInput!
    $p8: PeriodInput!
    $p9: PeriodInput!
    $p10: PeriodInput!
    $p11: PeriodInput!
  ) {
    p0: retentionMetrics(period: $p0, filter: $filter) {
      ...TrendPoint
    }
    p1: retentionMetrics(period: $p1, filter: $filter) {
      ...TrendPoint
    }
    p2: retentionMetrics(period: $p2, filter: $filter) {
      ...TrendPoint
    }
    p3: retentionMetrics(period: $p3, filter: $filter) {
      ...TrendPoint
    }
    p4: retentionMetrics(period: $p4, filter: $filter) {
      ...TrendPoint
    }
    p5: retentionMetrics(period: $p5, filter: $filter) {
      ...TrendPoint
    }
    p6: retentionMetrics(period: $p6, filter: $filter) {
      ...TrendPoint
    }
    p7: retentionMetrics(period: $p7, filter: $filter) {
      ...TrendPoint
    }
    p8: retentionMetrics(period: $p8, filter: $filter) @include(if: $twelve) {
      ...TrendPoint
    }
    p9: retentionMetrics(period: $p9, filter: $filter) @include(if: $twelve) {
      ...TrendPoint
    }
    p10: retentionMetrics(period: $p10, filter: $filter) @include(if: $twelve) {
      ...TrendPoint
    }
    p11: retentionMetrics(period: $p11, filter: $filter) @include(if: $twelve) {
      ...TrendPoint
    }
  }
`);

export const CohortsQuery = graphql(`
  query RetentionCohorts($from: Date!, $to: Date!, $filter: MetricsFilter) {
    cohortRetention(from: $from, to: $to, interval: MONTH, filter: $filter) {
      cohortStart
      size
      baseMrrCents
      periods {
        index
        periodStart
        periodEnd
        activeCustomers
        logoRetention
        mrrCents
        mrrRetention
      }
    }
  }
`);

export const MetricAccountsQuery = graphql(`
  query MetricAccounts(
    $period: PeriodInput!
    $figure: MetricFigure!
    $filter: MetricsFilter
    $first: Int
    $after: String
    $withMovements: Boolean!
  ) {
    metricAccounts(period: $period, figure: $figure, filter: $filter, first: $first, after: $after) {
      totalCount
      sumCents
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          accountId
          name
          segment
          amountCents
          startMrrCents
          endMrrCents
          movements @include(if: $withMovements) {
            type
            amountCents
            effectiveAt
          }
        }
      }
    }
  }
`);
