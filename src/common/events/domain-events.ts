import type { HealthBand } from '../../core/health/scorecard-scoring';
import type { RedFlagType } from '../../core/health/red-flag-rules';

/**
 * The domain events that connect the stages (emitted with EventEmitter2 after the transaction commits).
 * One place for names and payloads so producers and listeners agree without importing each other.
 */
export const DOMAIN_EVENTS = {
  accountCreated: 'account.created',
  accountChurned: 'account.churned',
  mrrChanged: 'mrr.changed',
  signalsIngested: 'signals.ingested',
  feedbackRecorded: 'feedback.recorded',
  healthChanged: 'health.changed',
  riskScored: 'risk.scored',
} as const;

/** The vocabularies are core's: events carry them by name. */
export type HealthBandName = HealthBand;
export type RedFlagTypeName = RedFlagType;

/** `account.created` */
export interface AccountCreatedEvent {
  accountId: string;
  actorId: string | null;
}

/** `account.churned`: the account's MRR went to 0 (status CHURNED). */
export interface AccountChurnedEvent {
  accountId: string;
  churnedAt: Date;
}

/** `mrr.changed` */
export interface MrrChangedEvent {
  accountIds: string[];
}

/** `signals.ingested`: accounts that received new (non-duplicate) signals. */
export interface SignalsIngestedEvent {
  accountIds: string[];
}

/** `feedback.recorded` */
export interface FeedbackRecordedEvent {
  accountId: string;
  kind: 'NPS' | 'CSAT' | 'TEXT';
  npsCategory?: 'PROMOTER' | 'PASSIVE' | 'DETRACTOR';
  score?: number;
  sentiment?: 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE';
}

/**
 * `health.changed`: emitted per account whose band or flags changed in a recompute (not on every
 * recompute while nothing changes). `raisedFlags` are flags that became active in this recompute.
 */
export interface HealthChangedEvent {
  accountId: string;
  oldBand: HealthBandName | null;
  newBand: HealthBandName;
  oldScore: number | null;
  newScore: number | null;
  raisedFlags: RedFlagTypeName[];
  clearedFlags: RedFlagTypeName[];
  computedAt: Date;
}

/** `risk.scored`: new churn probabilities were stored for these accounts. */
export interface RiskScoredEvent {
  accountIds: string[];
  modelVersion: number | null;
}
