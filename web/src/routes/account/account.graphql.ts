import { graphql } from '@/gql';

/** Everything Account 360 shows, in one request. */
export const AccountPageQuery = graphql(`
  query AccountPage($id: ID!, $historyFrom: Date!) {
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
      healthHistory(from: $historyFrom) {
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
      usage(days: 180) {
        day
        type
        count
        quantity
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
