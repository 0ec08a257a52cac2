import { graphql } from '@/gql';

/** The list: every playbook with its effectiveness over the chosen period (one request). */
export const PlaybooksPageQuery = graphql(`
  query PlaybooksPage($period: PeriodInput!) {
    playbooks {
      id
      name
      enabled
      segment
      cooldownDays
      installedKey
      trigger {
        kind
        band
        points
        days
        probability
        flag
      }
      steps {
        title
      }
    }
    playbookEffectiveness(period: $period) {
      playbook {
        id
      }
      runs
      suppressedTotal
      taskCompletionPct
      onTimePct
      medianDaysToComplete
      saveRatePct
      avgHealthChange30d
    }
  }
`);

/** One playbook: its definition, its recent runs (with their tasks) and suppressed attempts, its effectiveness. */
export const PlaybookPageQuery = graphql(`
  query PlaybookPage($id: ID!, $period: PeriodInput!) {
    playbook(id: $id) {
      id
      name
      description
      enabled
      segment
      cooldownDays
      installedKey
      updatedAt
      trigger {
        kind
        band
        points
        days
        probability
        flag
      }
      steps {
        title
        description
        type
        dueInDays
        assignee
        userId
        touchesCustomer
      }
    }
    runs: playbookRuns(filter: { playbookId: $id, suppressed: false }, first: 50) {
      totalCount
      edges {
        node {
          id
          status
          triggerKind
          note
          startedAt
          endedAt
          outcome
          startScore
          account {
            id
            name
          }
          triggeredBy {
            name
          }
          tasks {
            id
            title
            type
            dueAt
            status
            outcome
          }
        }
      }
    }
    suppressions: playbookRuns(filter: { playbookId: $id, suppressed: true }, first: 50) {
      totalCount
      edges {
        node {
          id
          suppressed
          triggerKind
          startedAt
          account {
            id
            name
          }
        }
      }
    }
    playbookEffectiveness(period: $period) {
      playbook {
        id
      }
      runs
      suppressedTotal
      suppressed {
        reason
        count
      }
      taskCompletionPct
      onTimePct
      medianDaysToComplete
      saveRatePct
      avgHealthChange30d
    }
  }
`);

export const CreatePlaybookMutation = graphql(`
  mutation CreatePlaybook($input: CreatePlaybookInput!) {
    createPlaybook(input: $input) {
      id
    }
  }
`);

export const UpdatePlaybookMutation = graphql(`
  mutation UpdatePlaybook($id: ID!, $input: UpdatePlaybookInput!) {
    updatePlaybook(id: $id, input: $input) {
      id
      enabled
    }
  }
`);
