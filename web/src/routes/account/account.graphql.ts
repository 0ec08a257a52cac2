import { graphql } from '@/gql';
import type { AccountPageQuery as AccountPageData } from '@/gql/graphql';

/** The account as Account 360 receives it (the panels take it whole). */
export type AccountData = NonNullable<AccountPageData['account']>;

/** Everything Account 360 shows, in one request. */
export const AccountPageQuery = graphql(`
  query AccountPage($id: ID!) {
    account(id: $id) {
      id
      externalId
      name
      segment
      industry
      status
      mrrCents
      arrCents
      renewalDate
      customerSince
      churnedAt
      # Three lines for meeting prep, worded by the server (core/workspace/account-summary).
      summary
      owner {
        id
        name
      }
      health {
        score
        band
        computedBand
        computedAt
        scorecard {
          id
          name
          version
        }
        trend {
          delta7d
          delta30d
          direction
        }
        components {
          key
          label
          rawValue
          score
          weight
          effectiveWeight
          contribution
          missing
        }
        flags {
          type
          evidence
          since
        }
        override {
          band
          reason
          expiresAt
          setAt
          setBy {
            id
            name
          }
        }
      }
      healthTrend(days: 90) {
        day
        score
        band
      }
      risk {
        band
        probability
        method
        modelVersion
        computedAt
        drivers {
          feature
          value
          contribution
        }
      }
      clv {
        valueCents
        method
        expectedLifetimeMonths
        renewals
      }
      mrrHistory {
        id
        type
        amountCents
        mrrBeforeCents
        mrrAfterCents
        effectiveAt
      }
      usage30: usageByType(days: 30) {
        ...Usage
      }
      usage90: usageByType(days: 90) {
        ...Usage
      }
      usage180: usageByType(days: 180) {
        ...Usage
      }
      nps {
        latestScore
        latestCategory
        nps12m
        responses12m
      }
      feedback(first: 50) {
        totalCount
        edges {
          node {
            __typename
            id
            kind
            occurredAt
            ... on NpsResponse {
              score
              category
              comment
              respondentEmail
            }
            ... on CsatResponse {
              csat: score
              topic
              csatComment: comment
            }
            ... on Feedback {
              text
              source
              sentiment
            }
          }
        }
      }
    }
    tasks(filter: { accountId: $id, status: OPEN }, first: 50) {
      edges {
        node {
          ...TaskFields
        }
      }
    }
    playbookRuns(filter: { accountId: $id }, first: 20) {
      edges {
        node {
          id
          status
          startedAt
          endedAt
          outcome
          suppressed
          triggerKind
          note
          playbook {
            id
            name
          }
          triggeredBy {
            name
          }
          tasks {
            id
            status
          }
        }
      }
    }
  }
`);

export const UsageFragment = graphql(`
  fragment Usage on UsageByType {
    type
    count
    quantity
    activeDays
    previousCount
  }
`);

/** One page of the account's timeline (its own request: it pages and filters apart from the page). */
export const AccountTimelineQuery = graphql(`
  query AccountTimeline($accountId: ID!, $kinds: [TimelineKind!], $after: String) {
    accountTimeline(accountId: $accountId, filter: { kinds: $kinds }, first: 30, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          kind
          occurredAt
          title
          summary
          actor {
            name
          }
          mrr {
            type
            amountCents
            mrrBeforeCents
            mrrAfterCents
          }
        }
      }
    }
  }
`);
