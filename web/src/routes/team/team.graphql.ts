import { graphql } from '@/gql';

export const CsmScorecardQuery = graphql(`
  query CsmScorecard($period: PeriodInput!) {
    csmScorecard(period: $period) {
      owner {
        id
        name
        email
      }
      accounts
      activeCustomers
      mrrCents
      nrr
      grr
      churnedMrrCents
      healthMix {
        green
        yellow
        red
        unknown
      }
      tasksCompleted
      tasksCompletedOnTime
      onTimeShare
      tasksOverdue
      customersServed
      csCostCents
      crcCents
    }
  }
`);

/**
 * A CSM's trends over the last 12 months, in one request: monthly NRR/GRR and book MRR (retentionMetrics per
 * month, filtered to the owner — the same query the retention screen uses) and the weekly health mix of their book
 * (portfolioHealth for 52 weeks, one owner).
 */
export const CsmTrendsQuery = graphql(`
  query CsmTrends(
    $ownerId: ID!
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
    m0: retentionMetrics(period: $p0, filter: { ownerId: $ownerId }) {
      from
      nrr
      grr
      endMrrCents
    }
    m1: retentionMetrics(period: $p1, filter: { ownerId: $ownerId }) {
      from
      nrr
      grr
      endMrrCents
    }
    m2: retentionMetrics(period: $p2, filter: { ownerId: $ownerId }) {
      from
      nrr
      grr
      endMrrCents
    }
    m3: retentionMetrics(period: $p3, filter: { ownerId: $ownerId }) {
      from
      nrr
      grr
      endMrrCents
    }
    m4: retentionMetrics(period: $p4, filter: { ownerId: $ownerId }) {
      from
      nrr
      grr
      endMrrCents
    }
    m5: retentionMetrics(period: $p5, filter: { ownerId: $ownerId }) {
      from
      nrr
      grr
      endMrrCents
    }
    m6: retentionMetrics(period: $p6, filter: { ownerId: $ownerId }) {
      from
      nrr
      grr
      endMrrCents
    }
    m7: retentionMetrics(period: $p7, filter: { ownerId: $ownerId }) {
      from
      nrr
      grr
      endMrrCents
    }
    m8: retentionMetrics(period: $p8, filter: { ownerId: $ownerId }) {
      from
      nrr
      grr
      endMrrCents
    }
    m9: retentionMetrics(period: $p9, filter: { ownerId: $ownerId }) {
      from
      nrr
      grr
      endMrrCents
    }
    m10: retentionMetrics(period: $p10, filter: { ownerId: $ownerId }) {
      from
      nrr
      grr
      endMrrCents
    }
    m11: retentionMetrics(period: $p11, filter: { ownerId: $ownerId }) {
      from
      nrr
      grr
      endMrrCents
    }
    portfolioHealth(weeks: 52, ownerId: $ownerId) {
      weeks {
        weekStart
        day
        accounts
        bands {
          band
          accounts
          mrrCents
        }
      }
    }
  }
`);
