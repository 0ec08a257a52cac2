import { graphql } from '@/gql';

export const SettingsUsersQuery = graphql(`
  query SettingsUsers {
    users {
      id
      name
      email
      role
      passwordSet
      deactivatedAt
    }
  }
`);

export const InviteUserMutation = graphql(`
  mutation SettingsInviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      url
      expiresAt
      user {
        id
        email
      }
    }
  }
`);

export const SetUserRoleMutation = graphql(`
  mutation SettingsSetUserRole($id: ID!, $role: Role!) {
    setUserRole(id: $id, role: $role) {
      id
      role
    }
  }
`);

export const DeactivateUserMutation = graphql(`
  mutation SettingsDeactivateUser($id: ID!) {
    deactivateUser(id: $id) {
      id
      deactivatedAt
    }
  }
`);

export const ReactivateUserMutation = graphql(`
  mutation SettingsReactivateUser($id: ID!) {
    reactivateUser(id: $id) {
      id
      deactivatedAt
    }
  }
`);

export const RevokeSessionsMutation = graphql(`
  mutation SettingsRevokeSessions($userId: ID!) {
    revokeUserSessions(userId: $userId)
  }
`);

export const SettingsKeysQuery = graphql(`
  query SettingsKeys($includeRevoked: Boolean) {
    apiKeys(includeRevoked: $includeRevoked) {
      id
      keyPrefix
      createdAt
      revokedAt
      user {
        id
        name
        email
        role
      }
    }
    users {
      id
      name
      role
      deactivatedAt
    }
  }
`);

export const IssueApiKeyMutation = graphql(`
  mutation SettingsIssueApiKey($userId: ID!) {
    issueApiKey(userId: $userId) {
      id
      key
    }
  }
`);

export const RevokeApiKeyMutation = graphql(`
  mutation SettingsRevokeApiKey($id: ID!) {
    revokeApiKey(id: $id)
  }
`);

export const SettingsCostsQuery = graphql(`
  query SettingsCosts($after: String) {
    csCosts(first: 50, after: $after) {
      totalCount
      sumCents
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          periodStart
          periodEnd
          amountCents
          category
          note
          recordedAt
        }
      }
    }
  }
`);

export const RecordCsCostMutation = graphql(`
  mutation SettingsRecordCsCost($input: RecordCsCostInput!) {
    recordCsCost(input: $input) {
      id
    }
  }
`);

export const SettingsSourcesQuery = graphql(`
  query SettingsSources($includeRevoked: Boolean) {
    sources(includeRevoked: $includeRevoked) {
      id
      kind
      name
      active
      createdAt
      revokedAt
      writeKeyPrefix
      lastEventAt
      last24h {
        accepted
        duplicates
        rejected
        rateLimited
        unattributed
      }
      lastErrors {
        message
        count
        lastAt
      }
    }
  }
`);

export const CreateSourceMutation = graphql(`
  mutation SettingsCreateSource($input: CreateSourceInput!) {
    createSource(input: $input) {
      writeKey
      source {
        id
        name
      }
    }
  }
`);

export const RevokeSourceMutation = graphql(`
  mutation SettingsRevokeSource($id: ID!) {
    revokeSource(id: $id) {
      id
      revokedAt
    }
  }
`);
