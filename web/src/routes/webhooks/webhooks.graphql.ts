import { graphql } from '@/gql';

export const WebhooksPageQuery = graphql(`
  query WebhooksPage {
    webhooks {
      id
      url
      events
      enabled
      createdAt
    }
  }
`);

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($webhookId: ID!, $after: String) {
    webhookDeliveries(webhookId: $webhookId, first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          event
          status
          attempts
          lastStatusCode
          lastError
          lastAttemptAt
          nextAttemptAt
          deliveredAt
          createdAt
        }
      }
    }
  }
`);

export const CreateWebhookMutation = graphql(`
  mutation CreateWebhook($url: String!, $events: [WebhookEvent!]!) {
    createWebhook(url: $url, events: $events) {
      secret
      webhook {
        id
        url
      }
    }
  }
`);

export const DeleteWebhookMutation = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id)
  }
`);

export const RetryWebhookDeliveryMutation = graphql(`
  mutation RetryWebhookDelivery($id: ID!) {
    retryWebhookDelivery(id: $id) {
      id
      status
    }
  }
`);
