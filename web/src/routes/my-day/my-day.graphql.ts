import { graphql } from '@/gql';

/** Everything My Day shows, in one request (the service's myDay: four set-based statements). */
export const MyDayQuery = graphql(`
  query MyDay($ownerId: ID, $timeZone: String) {
    myDay(ownerId: $ownerId, timeZone: $timeZone) {
      generatedAt
      owner {
        id
        name
      }
      totals {
        accounts
        mrrCents
        arrCents
        bands {
          red
          yellow
          green
          unknown
        }
      }
      changes {
        kind
        occurredAt
        reason
        flagType
        scoreFrom
        scoreTo
        riskBandFrom
        riskBandTo
        riskProbability
        account {
          id
          name
          owner {
            name
          }
          health {
            band
          }
        }
      }
      overdueCount
      dueTodayCount
      overdueTasks {
        ...TaskFields
      }
      dueTodayTasks {
        ...TaskFields
      }
      renewalsCount
      renewals {
        renewalDate
        daysToRenewal
        band
        score
        riskBand
        riskProbability
        account {
          id
          name
          mrrCents
          owner {
            name
          }
        }
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
