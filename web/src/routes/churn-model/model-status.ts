import type { RiskModelStatus } from '@/gql/graphql';

/** Polling: every 2 s while any model is TRAINING (it ends ACTIVE or FAILED), never otherwise. */
export const TRAINING_POLL_MS = 2000;
export function pollInterval(models: readonly { status: RiskModelStatus }[] | undefined): number | false {
  return models?.some((m) => m.status === 'TRAINING') ? TRAINING_POLL_MS : false;
}

/** The model a page shows: the asked-for version, else the latest ACTIVE, else the newest. */
export function pickModel<M extends { version: number; status: RiskModelStatus }>(
  models: readonly M[],
  version?: number,
): M | undefined {
  return (
    (version !== undefined ? models.find((m) => m.version === version) : undefined) ??
    models.find((m) => m.status === 'ACTIVE') ??
    models[0]
  );
}

export const STATUS_TEXT: Record<RiskModelStatus, string> = {
  TRAINING: 'Training…',
  ACTIVE: 'Active',
  RETIRED: 'Retired',
  FAILED: 'Failed',
};

/** The odds multiplier of a log-odds coefficient (per standard deviation for numeric features). */
export function oddsRatio(coefficient: number): number {
  return Math.exp(coefficient);
}
