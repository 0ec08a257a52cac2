import { graphql } from '@/gql';

export const TaskFieldsFragment = graphql(`
  fragment TaskFields on Task {
    id
    title
    type
    description
    dueAt
    overdue
    snoozedUntil
    status
    touchesCustomer
    assignee {
      id
      name
    }
    account {
      id
      name
    }
    playbookRun {
      id
      playbook {
        id
        name
      }
    }
  }
`);

export const TasksQuery = graphql(`
  query Tasks($filter: TaskFilter, $after: String) {
    tasks(filter: $filter, first: 200, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...TaskFields
        }
      }
    }
  }
`);

export const CompleteTaskMutation = graphql(`
  mutation CompleteTask($id: ID!, $outcome: TaskOutcome!, $note: String) {
    completeTask(id: $id, outcome: $outcome, note: $note) {
      id
      status
      outcome
    }
  }
`);

export const ReassignTaskMutation = graphql(`
  mutation ReassignTask($id: ID!, $assigneeId: ID!) {
    reassignTask(id: $id, assigneeId: $assigneeId) {
      id
      assignee {
        id
        name
      }
    }
  }
`);

export const SnoozeTaskMutation = graphql(`
  mutation SnoozeTask($id: ID!, $until: DateTime) {
    snoozeTask(id: $id, until: $until) {
      id
      snoozedUntil
    }
  }
`);
