import type { HealthBand, PlaybookTriggerKind, RedFlagType, TaskType } from '@/gql/graphql';
import { humanize } from '@/lib/format';

/** A trigger's parameters, as the API's PlaybookTriggerInput names them. */
export type TriggerParam = 'band' | 'points' | 'days' | 'probability' | 'flag';

/**
 * The parameters each trigger kind takes (the rule is core's validateTrigger; the API's enum description lists
 * them). Keyed by the generated PlaybookTriggerKind, so a kind added to the API fails the typecheck until the form
 * knows it. The API still validates: its field errors (`trigger.<param>`) are shown beside the fields.
 */
export const TRIGGER_PARAMS: Record<PlaybookTriggerKind, TriggerParam[]> = {
  MANUAL: [],
  HEALTH_BAND_ENTERED: ['band'],
  HEALTH_DROP: ['points', 'days'],
  RISK_ABOVE: ['probability'],
  FLAG_RAISED: ['flag'],
  NPS_DETRACTOR: [],
  RENEWAL_WITHIN: ['days'],
  ACCOUNT_CREATED: [],
  ACCOUNT_CHURNED: [],
  CHURNED_FOR: ['days'],
};

export const TRIGGER_LABELS: Record<PlaybookTriggerKind, string> = {
  MANUAL: 'Started by hand',
  HEALTH_BAND_ENTERED: 'Health enters a band',
  HEALTH_DROP: 'Health score drops',
  RISK_ABOVE: 'Churn risk rises above',
  FLAG_RAISED: 'A red flag is raised',
  NPS_DETRACTOR: 'An NPS detractor answers',
  RENEWAL_WITHIN: 'Renewal is near',
  ACCOUNT_CREATED: 'A new account (onboarding)',
  ACCOUNT_CHURNED: 'The account churns',
  CHURNED_FOR: 'Churned some days ago (win-back)',
};

export const TRIGGER_KINDS = Object.keys(TRIGGER_PARAMS) as PlaybookTriggerKind[];

const BANDS: Record<HealthBand, true> = { GREEN: true, YELLOW: true, RED: true, UNKNOWN: true };
export const HEALTH_BAND_OPTIONS = (Object.keys(BANDS) as HealthBand[]).map((b) => ({ value: b, label: humanize(b) }));

const FLAGS: Record<RedFlagType, true> = {
  CONTRACTION: true,
  DETRACTOR: true,
  DORMANT: true,
  EMAILS_IGNORED: true,
  NEGATIVE_SUPPORT: true,
  PAYMENT_FAILED: true,
  RENEWAL_AT_RISK: true,
  USAGE_DROP: true,
};
export const RED_FLAG_OPTIONS = (Object.keys(FLAGS) as RedFlagType[]).map((f) => ({ value: f, label: humanize(f) }));

const TASK_TYPES: Record<TaskType, true> = {
  CALL: true,
  EMAIL: true,
  MEETING: true,
  REVIEW: true,
  SURVEY: true,
  OTHER: true,
};
export const TASK_TYPE_OPTIONS = (Object.keys(TASK_TYPES) as TaskType[]).map((t) => ({ value: t, label: humanize(t) }));

export interface TriggerLike {
  kind: PlaybookTriggerKind;
  band?: string | null;
  points?: number | null;
  days?: number | null;
  probability?: number | null;
  flag?: string | null;
}

/** The trigger in words, e.g. "Health score drops by 15 points within 14 days". */
export function describeTrigger(t: TriggerLike): string {
  switch (t.kind) {
    case 'HEALTH_BAND_ENTERED':
      return `Health enters ${humanize(t.band ?? '?')}`;
    case 'HEALTH_DROP':
      return `Health score drops by ${t.points ?? '?'} points within ${t.days ?? '?'} days`;
    case 'RISK_ABOVE':
      return `Churn risk reaches ${t.probability != null ? Math.round(t.probability * 100) : '?'} %`;
    case 'FLAG_RAISED':
      return `Red flag raised: ${humanize(t.flag ?? '?')}`;
    case 'RENEWAL_WITHIN':
      return `Renewal within ${t.days ?? '?'} days`;
    case 'CHURNED_FOR':
      return `Churned ${t.days ?? '?'} days ago`;
    default:
      return TRIGGER_LABELS[t.kind];
  }
}
