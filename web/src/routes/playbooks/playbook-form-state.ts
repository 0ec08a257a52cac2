import type { CreatePlaybookInput, PlaybookTriggerKind, StepAssignee, TaskType } from '@/gql/graphql';
import { TRIGGER_PARAMS, type TriggerParam } from './playbook-vocabulary';

/** A step as the form holds it (numbers as typed text until sent). */
export interface StepDraft {
  title: string;
  description: string;
  type: TaskType;
  dueInDays: string;
  touchesCustomer: boolean;
  /** Kept from an existing step (the form edits OWNER steps; a USER step keeps its user). */
  assignee: StepAssignee;
  userId: string | null;
}

export interface PlaybookDraft {
  name: string;
  description: string;
  segment: string;
  enabled: boolean;
  cooldownDays: string;
  kind: PlaybookTriggerKind;
  params: Record<TriggerParam, string>;
  steps: StepDraft[];
}

export function emptyStep(): StepDraft {
  return {
    title: '',
    description: '',
    type: 'CALL',
    dueInDays: '0',
    touchesCustomer: false,
    assignee: 'OWNER',
    userId: null,
  };
}

export function emptyDraft(): PlaybookDraft {
  return {
    name: '',
    description: '',
    segment: '',
    enabled: true,
    cooldownDays: '30',
    kind: 'HEALTH_BAND_ENTERED',
    params: { band: 'RED', points: '', days: '', probability: '', flag: '' },
    steps: [emptyStep()],
  };
}

interface PlaybookShape {
  name: string;
  description?: string | null;
  segment?: string | null;
  enabled: boolean;
  cooldownDays: number;
  trigger: {
    kind: PlaybookTriggerKind;
    band?: string | null;
    points?: number | null;
    days?: number | null;
    probability?: number | null;
    flag?: string | null;
  };
  steps: Array<{
    title: string;
    description?: string | null;
    type: TaskType;
    dueInDays: number;
    assignee: StepAssignee;
    userId?: string | null;
    touchesCustomer: boolean;
  }>;
}

const text = (v: number | string | null | undefined) => (v === null || v === undefined ? '' : String(v));

/** An existing playbook as a draft (for editing). */
export function draftOf(p: PlaybookShape): PlaybookDraft {
  const t = p.trigger;
  return {
    name: p.name,
    description: p.description ?? '',
    segment: p.segment ?? '',
    enabled: p.enabled,
    cooldownDays: String(p.cooldownDays),
    kind: t.kind,
    params: {
      band: text(t.band),
      points: text(t.points),
      days: text(t.days),
      probability: text(t.probability),
      flag: text(t.flag),
    },
    steps: p.steps.map((s) => ({
      title: s.title,
      description: s.description ?? '',
      type: s.type,
      dueInDays: String(s.dueInDays),
      touchesCustomer: s.touchesCustomer,
      assignee: s.assignee,
      userId: s.userId ?? null,
    })),
  };
}

/** Typed text → number; empty → null (the API then says "is required" beside the field). */
function num(v: string): number | null {
  const t = v.trim();
  if (!t) return null;
  const n = Number(t);
  // Not a number: sent as null, so the API names the field (a NaN cannot travel in JSON).
  return Number.isFinite(n) ? n : null;
}

/**
 * The API input for a draft. Only the parameters the chosen kind takes are sent (values typed for another kind
 * stay in the form but are not sent), so switching kinds never produces "does not apply" errors.
 */
export function inputOf(d: PlaybookDraft): CreatePlaybookInput {
  const wanted = TRIGGER_PARAMS[d.kind];
  const trigger: CreatePlaybookInput['trigger'] = { kind: d.kind };
  for (const key of wanted) {
    const raw = d.params[key];
    if (key === 'band' || key === 'flag') trigger[key] = (raw || null) as never;
    else trigger[key] = num(raw);
  }
  return {
    name: d.name,
    description: d.description.trim() || null,
    segment: d.segment.trim() || null,
    enabled: d.enabled,
    cooldownDays: num(d.cooldownDays) ?? undefined,
    trigger,
    steps: d.steps.map((s) => ({
      title: s.title,
      description: s.description.trim() || null,
      type: s.type,
      dueInDays: num(s.dueInDays) ?? 0,
      touchesCustomer: s.touchesCustomer,
      assignee: s.assignee,
      userId: s.assignee === 'USER' ? s.userId : null,
    })),
  };
}
