import { graphql } from '@/gql';

export const RenewalsQuery = graphql(`
  query Renewals($from: Date!, $to: Date!, $interval: MetricsInterval!, $filter: MetricsFilter) {
    renewals(from: $from, to: $to, interval: $interval, filter: $filter, upcomingLimit: 500) {
      upcomingCount
      upcoming {
        accountId
        name
        segment
        ownerName
        renewalDate
        mrrCents
        band
        score
        riskBand
        riskProbability
        priority
      }
      periods {
        periodStart
        periodEnd
        upcomingCount
        upcomingMrrCents
        atRiskCount
        atRiskMrrCents
        watchCount
        watchMrrCents
        dueCount
        dueMrrCents
        renewedCount
        renewedMrrCents
        churnedCount
        churnedMrrCents
        expandedCount
        expansionMrrCents
        contractedCount
        contractionMrrCents
      }
    }
  }
`);
