import { DOMAIN_EVENTS } from '../../common/events/domain-events';

export type { SignalsIngestedEvent } from '../../common/events/domain-events';

/** Domain events of the signals module, emitted after commit. */
export const SIGNAL_EVENTS = {
  /** Payload `SignalsIngestedEvent { accountIds }`: accounts that received new (non-duplicate) signals. */
  ingested: DOMAIN_EVENTS.signalsIngested,
} as const;
