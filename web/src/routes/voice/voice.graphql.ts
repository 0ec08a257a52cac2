import { graphql } from '@/gql';

export const VoiceFiguresQuery = graphql(`
  query VoiceFigures($filter: VoiceFilter, $npsFilter: NpsSummaryFilter, $csatFilter: CsatFilter, $months: Int!) {
    npsTrend(filter: $filter, months: $months) {
      month
      responses
      promoters
      passives
      detractors
      nps
      confidenceLow
      confidenceHigh
    }
    npsSummary(filter: $npsFilter) {
      responses
      promoters
      passives
      detractors
      nps
      confidenceLow
      confidenceHigh
    }
    csatSummary(filter: $csatFilter) {
      responses
      distribution
      satisfied
      csatPct
      average
    }
  }
`);

export const VerbatimsQuery = graphql(`
  query Verbatims($filter: VerbatimFilter, $first: Int, $after: String) {
    verbatims(filter: $filter, first: $first, after: $after) {
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
          accountId
          accountName
          segment
          score
          npsCategory
          text
          topic
          source
          sentiment
        }
      }
    }
  }
`);
