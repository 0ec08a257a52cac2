import { graphql } from '@/gql';

export const PortfolioQuery = graphql(`
  query Portfolio($weeks: Int, $segment: String, $ownerId: ID) {
    portfolioHealth(weeks: $weeks, segment: $segment, ownerId: $ownerId) {
      segments
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
      mrrAtRisk {
        accounts
        mrrCents
        redAccounts
        highRiskAccounts
        bookAccounts
        bookMrrCents
      }
      declines {
        account {
          id
          name
          segment
        }
        comparedDay
        scoreFrom
        scoreTo
        bandFrom
        bandTo
        bandWorsened
        reason
      }
      declinesCount
    }
  }
`);
