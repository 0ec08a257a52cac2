/** Domain events about accounts, emitted after commit. Later stages (health, playbooks) listen. */
export const ACCOUNT_EVENTS = {
  created: 'account.created',
  churned: 'account.churned',
  mrrChanged: 'mrr.changed',
} as const;

export interface AccountCreatedEvent {
  accountId: string;
  actorId: string | null;
}

export interface AccountChurnedEvent {
  accountId: string;
  churnedAt: Date;
}

export interface MrrChangedEvent {
  accountIds: string[];
}
