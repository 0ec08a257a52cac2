import { DOMAIN_EVENTS } from '../../common/events/domain-events';

export type { AccountCreatedEvent, AccountChurnedEvent, MrrChangedEvent } from '../../common/events/domain-events';

/** Domain events about accounts, emitted after commit. Later stages (health, playbooks) listen. */
export const ACCOUNT_EVENTS = {
  created: DOMAIN_EVENTS.accountCreated,
  churned: DOMAIN_EVENTS.accountChurned,
  mrrChanged: DOMAIN_EVENTS.mrrChanged,
} as const;
