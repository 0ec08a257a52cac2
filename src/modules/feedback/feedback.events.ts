import { DOMAIN_EVENTS } from '../../common/events/domain-events';

export type { FeedbackRecordedEvent } from '../../common/events/domain-events';

/** Domain events about feedback, emitted after commit (playbooks react to detractors; health recomputes). */
export const FEEDBACK_EVENTS = {
  recorded: DOMAIN_EVENTS.feedbackRecorded,
} as const;
