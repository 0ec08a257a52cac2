import { graphql } from '@/gql';

export const AccountsQuery = graphql(`
  query Accounts($filter: AccountFilter, $orderBy: AccountOrder, $after: String, $first: Int) {
    accounts(filter: $filter, orderBy: $orderBy, after: $after, first: $first) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          segment
          status
          mrrCents
          renewalDate
          owner {
            id
            name
          }
          health {
            score
            band
            override {
              band
            }
            trend {
              delta7d
              direction
            }
            flags {
              type
            }
          }
          healthTrend(days: 30) {
            score
          }
          risk {
            band
            probability
          }
        }
      }
    }
  }
`);
