/** Events inside the health module (not domain events: no other module listens). */
export const HEALTH_EVENTS = {
  /** Payload `ScorecardSavedEvent`: a scorecard got a new version; its accounts must be recomputed. */
  scorecardSaved: 'health.scorecard-saved',
} as const;

export interface ScorecardSavedEvent {
  scorecardId: string;
  segment: string | null;
}
