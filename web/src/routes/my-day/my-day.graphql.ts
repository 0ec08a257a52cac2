import { graphql } from '@/gql';

/** Everything My Day shows, in one request (aliases over the accounts list). */
export const MyDayQuery = graphql(`
  query MyDay($ownerId: ID, $assigneeId: ID, $renewalBefore: Date!, $period: PeriodInput!) {
    book: accounts(filter: { ownerId: $ownerId, status: ACTIVE }, first: 1) {
      totalCount
    }
    red: accounts(filter: { ownerId: $ownerId, status: ACTIVE, band: RED }, first: 1) {
      totalCount
    }
    yellow: accounts(filter: { ownerId: $ownerId, status: ACTIVE, band: YELLOW }, first: 1) {
      totalCount
    }
    green: accounts(filter: { ownerId: $ownerId, status: ACTIVE, band: GREEN }, first: 1) {
      totalCount
    }
    scorecard: csmScorecard(period: $period) {
      owner {
        id
      }
      mrrCents
    }
    declining: accounts(filter: { ownerId: $ownerId, status: ACTIVE, trend: DOWN }, orderBy: HEALTH_ASC, first: 10) {
      edges {
        node {
          ...MyDayAccount
        }
      }
    }
    highRisk: accounts(filter: { ownerId: $ownerId, status: ACTIVE, riskBand: HIGH }, orderBy: RISK_DESC, first: 5) {
      edges {
        node {
          ...MyDayAccount
        }
      }
    }
    renewals: accounts(
      filter: { ownerId: $ownerId, status: ACTIVE, renewalBefore: $renewalBefore }
      orderBy: RENEWAL_ASC
      first: 20
    ) {
      totalCount
      edges {
        node {
          id
          name
          mrrCents
          renewalDate
          owner {
            id
            name
          }
          health {
            score
            band
          }
          risk {
            band
          }
        }
      }
    }
    tasks(filter: { assigneeId: $assigneeId, status: OPEN }, first: 40) {
      totalCount
      edges {
        node {
          ...TaskFields
        }
      }
    }
  }
`);

export const MyDayAccountFragment = graphql(`
  fragment MyDayAccount on Account {
    id
    name
    mrrCents
    renewalDate
    owner {
      id
      name
    }
    health {
      score
      band
      computedAt
      trend {
        delta7d
        direction
      }
      flags {
        type
        evidence
        since
      }
    }
    risk {
      band
      probability
      method
      drivers {
        feature
        contribution
        value
      }
    }
  }
`);

export const TeamQuery = graphql(`
  query Team {
    users {
      id
      name
      role
    }
  }
`);
