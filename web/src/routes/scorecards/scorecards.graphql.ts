import { graphql } from '@/gql';

export const ScorecardsQuery = graphql(`
  query Scorecards {
    scorecards {
      id
      name
      segment
      version
      redBelow
      greenAtOrAbove
      minCoverage
      measures {
        key
        label
        metric
        signalType
        windowDays
        weight
        points {
          value
          score
        }
      }
    }
  }
`);

export const ScorecardImpactQuery = graphql(`
  query ScorecardImpact($input: ScorecardInput!, $limit: Int!) {
    scorecardImpact(input: $input, limit: $limit) {
      accounts
      changed
      changes {
        accountId
        accountName
        segment
        scoreBefore
        bandBefore
        scoreAfter
        bandAfter
      }
    }
  }
`);

export const UpsertScorecardMutation = graphql(`
  mutation UpsertScorecard($input: ScorecardInput!) {
    upsertScorecard(input: $input) {
      id
      version
    }
  }
`);

export const BackfillHistoryMutation = graphql(`
  mutation BackfillHistory($scorecardId: ID, $from: Date!, $to: Date!) {
    backfillHealthHistory(scorecardId: $scorecardId, from: $from, to: $to)
  }
`);
