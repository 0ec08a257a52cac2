import { moneyText } from './money-text';

/**
 * The account timeline's vocabulary: every kind of event it merges, and each event's title and one-line
 * summary in plain words. The SQL that gathers the events lives in the workspace module; this is the wording.
 */
export const TIMELINE_KINDS = [
  'MRR_MOVEMENT',
  'HEALTH_BAND_CHANGED',
  'FLAG_RAISED',
  'FLAG_CLEARED',
  'NPS_RESPONSE',
  'CSAT_RESPONSE',
  'FEEDBACK_NOTE',
  'TASK_CREATED',
  'TASK_COMPLETED',
  'PLAYBOOK_STARTED',
  'PLAYBOOK_ENDED',
  'OVERRIDE_SET',
  'OVERRIDE_CLEARED',
  'OVERRIDE_EXPIRED',
  'CHURN_REASON',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** The details each kind carries (what the SQL returns as JSON, with typed values). */
export interface TimelineDetails {
  mrr?: { type: string; amountCents: number; mrrBeforeCents: number; mrrAfterCents: number };
  band?: { from: string; to: string; score: number | null };
  flag?: { type: string; evidence: string };
  feedback?: {
    score: number | null;
    category: string | null;
    comment: string | null;
    source: string | null;
    sentiment: string | null;
    topic: string | null;
  };
  task?: { taskId: string; title: string; type: string; status: string; outcome: string | null; dueAt: string };
  playbookRun?: {
    runId: string;
    playbookId: string;
    playbookName: string;
    status: string;
    outcome: string | null;
    triggerKind: string;
  };
  override?: { band: string; reason: string; expiresAt: string };
  churnReason?: { reason: string; detail: string | null };
}

const words = (code: string): string => code.toLowerCase().replace(/_/g, ' ');
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const quote = (s: string | null | undefined, max = 140): string | null => {
  if (!s) return null;
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `“${t.slice(0, max - 1)}…”` : `“${t}”`;
};

const BAND_RANK: Record<string, number> = { RED: 0, YELLOW: 1, GREEN: 2 };

/** Title and summary of one timeline event, in plain words. */
export function describeTimelineEvent(kind: TimelineKind, d: TimelineDetails): { title: string; summary: string } {
  switch (kind) {
    case 'MRR_MOVEMENT': {
      const m = d.mrr!;
      const verb: Record<string, string> = {
        NEW: 'New business',
        EXPANSION: 'Expansion',
        CONTRACTION: 'Contraction',
        CHURN: 'Churned',
        REACTIVATION: 'Reactivated',
      };
      const sign = m.mrrAfterCents >= m.mrrBeforeCents ? '+' : '−';
      return {
        title: `${verb[m.type] ?? capital(words(m.type))}: MRR ${sign}${moneyText(m.amountCents)}`,
        summary: `MRR went from ${moneyText(m.mrrBeforeCents)} to ${moneyText(m.mrrAfterCents)} a month.`,
      };
    }
    case 'HEALTH_BAND_CHANGED': {
      const b = d.band!;
      const worse = (BAND_RANK[b.to] ?? -1) < (BAND_RANK[b.from] ?? -1);
      const score = b.score === null ? '' : ` (score ${Math.round(b.score)})`;
      return {
        title: `Health ${worse ? 'fell' : 'rose'} to ${b.to}`,
        summary: `Health band went from ${b.from} to ${b.to}${score}.`,
      };
    }
    case 'FLAG_RAISED':
      return { title: `Red flag raised: ${words(d.flag!.type)}`, summary: capital(d.flag!.evidence) + '.' };
    case 'FLAG_CLEARED':
      return { title: `Red flag cleared: ${words(d.flag!.type)}`, summary: `Was raised because: ${d.flag!.evidence}.` };
    case 'NPS_RESPONSE': {
      const f = d.feedback!;
      return {
        title: `NPS ${f.score} (${words(f.category ?? '')})`,
        summary: quote(f.comment) ?? 'No comment.',
      };
    }
    case 'CSAT_RESPONSE': {
      const f = d.feedback!;
      return {
        title: `CSAT ${f.score} of 5${f.topic ? ` on ${f.topic}` : ''}`,
        summary: quote(f.comment) ?? 'No comment.',
      };
    }
    case 'FEEDBACK_NOTE': {
      const f = d.feedback!;
      const what = f.sentiment ? `${capital(words(f.sentiment))} feedback` : 'Feedback';
      return { title: `${what} (${words(f.source ?? 'OTHER')})`, summary: quote(f.comment) ?? '' };
    }
    case 'TASK_CREATED':
      return {
        title: `Task created: ${d.task!.title}`,
        summary: `${capital(words(d.task!.type))} task, due ${d.task!.dueAt.slice(0, 10)}.`,
      };
    case 'TASK_COMPLETED':
      return {
        title: `Task done: ${d.task!.title}`,
        summary: `Outcome: ${words(d.task!.outcome ?? 'DONE')}.`,
      };
    case 'PLAYBOOK_STARTED':
      return {
        title: `Playbook started: ${d.playbookRun!.playbookName}`,
        summary: `Triggered by ${words(d.playbookRun!.triggerKind)}.`,
      };
    case 'PLAYBOOK_ENDED':
      return {
        title: `Playbook ended: ${d.playbookRun!.playbookName}`,
        summary: d.playbookRun!.outcome ? `Outcome: ${words(d.playbookRun!.outcome)}.` : 'All of its tasks are closed.',
      };
    case 'OVERRIDE_SET':
      return {
        title: `Health overridden to ${d.override!.band}`,
        summary: `${capital(d.override!.reason)} (until ${d.override!.expiresAt.slice(0, 10)}).`,
      };
    case 'OVERRIDE_CLEARED':
      return { title: 'Health override cleared', summary: `It set ${d.override!.band}: ${d.override!.reason}.` };
    case 'OVERRIDE_EXPIRED':
      return { title: 'Health override expired', summary: `It set ${d.override!.band}: ${d.override!.reason}.` };
    case 'CHURN_REASON':
      return {
        title: `Churn reason recorded: ${words(d.churnReason!.reason)}`,
        summary: quote(d.churnReason!.detail) ?? 'No detail.',
      };
  }
}
