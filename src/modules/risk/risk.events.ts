import { DOMAIN_EVENTS } from '../../common/events/domain-events';

export type { RiskScoredEvent, HealthChangedEvent } from '../../common/events/domain-events';

/** Emitted after commit: `risk.scored` when scores were stored. Listened: `health.changed` (debounced rescore). */
export const RISK_EVENTS = {
  scored: DOMAIN_EVENTS.riskScored,
  healthChanged: DOMAIN_EVENTS.healthChanged,
} as const;
