import { EntityManager } from 'typeorm';
import { PlaybookRow, RunRow, TaskRow } from './playbooks.models';

import { AppError } from '../../common/errors/app-error';
import { hasTextControlChar } from '../../core/text-rules';
import { lockForTransaction } from '../../database/advisory-locks';
export { UUID_RE } from '../../core/ids';

/** Free-text arguments (notes, details): at most `max` characters, no control characters but tab and line breaks. */
export function checkText(field: string, value: string | null | undefined, max = 4000): string | null {
  if (value == null) return null;
  if (value.length > max) throw AppError.badInput(field, `must be at most ${max} characters`);
  if (hasTextControlChar(value)) throw AppError.badInput(field, 'must not contain control characters');
  return value.trim() || null;
}

export const PLAYBOOK_COLUMNS = `id, name, description, enabled, segment, trigger_kind, trigger_params, steps, cooldown_days, fallback_user_id, installed_key, created_at, updated_at`;
export const RUN_COLUMNS = `account_id, id, playbook_id, status, suppressed_reason, trigger_kind, trigger_key, note, triggered_by, started_at, ended_at, outcome, outcome_at, start_score`;
export const TASK_COLUMNS = `account_id, id, playbook_run_id, title, description, type, due_at, status, outcome, assignee_id, assigned_via, touches_customer, created_at, completed_at, note, snoozed_until`;

export function mapPlaybook(r: Record<string, any>): PlaybookRow {
  const params = r.trigger_params ?? {};
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    enabled: r.enabled,
    segment: r.segment,
    trigger: { kind: r.trigger_kind, ...params },
    steps: (r.steps ?? []).map((s: any) => ({
      title: s.title,
      description: s.description ?? null,
      type: s.type,
      dueInDays: s.dueInDays,
      assignee: s.assignee ?? 'OWNER',
      userId: s.userId ?? null,
      touchesCustomer: Boolean(s.touchesCustomer),
    })),
    cooldownDays: r.cooldown_days,
    fallbackUserId: r.fallback_user_id,
    installedKey: r.installed_key,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function mapRun(r: Record<string, any>): RunRow {
  return {
    id: r.id,
    accountId: r.account_id,
    playbookId: r.playbook_id,
    status: r.status,
    suppressed: r.suppressed_reason,
    triggerKind: r.trigger_kind,
    triggerKey: r.trigger_key,
    note: r.note,
    triggeredById: r.triggered_by,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    outcome: r.outcome,
    outcomeAt: r.outcome_at,
    startScore: r.start_score === null || r.start_score === undefined ? null : Number(r.start_score),
  };
}

export function mapTask(r: Record<string, any>): TaskRow {
  return {
    id: r.id,
    accountId: r.account_id,
    playbookRunId: r.playbook_run_id,
    title: r.title,
    description: r.description,
    type: r.type,
    dueAt: r.due_at,
    status: r.status,
    outcome: r.outcome,
    assigneeId: r.assignee_id,
    assignedVia: r.assigned_via,
    touchesCustomer: r.touches_customer,
    createdAt: r.created_at,
    completedAt: r.completed_at,
    note: r.note,
    snoozedUntil: r.snoozed_until ?? null,
  };
}

/** Ends an open run whose tasks are all done or cancelled (same transaction as the task change). */
export async function endRunIfDone(em: EntityManager, accountId: string, runId: string | null): Promise<void> {
  if (!runId) return;
  await em.query(
    `UPDATE playbook_runs SET status = 'ENDED', ended_at = now()
      WHERE account_id = $1 AND id = $2 AND status = 'OPEN'
        AND NOT EXISTS (SELECT 1 FROM tasks WHERE account_id = $1 AND playbook_run_id = $2 AND status = 'OPEN')`,
    [accountId, runId],
  );
}

/** Serializes everything that starts runs or counts contacts for one account (released at commit). */
export async function lockAccountForPlaybooks(em: EntityManager, accountId: string): Promise<void> {
  await lockForTransaction(em, `playbooks:${accountId}`);
}

/** The webhook payload data of a task. */
export function taskEventData(t: TaskRow, playbookId: string | null): Record<string, unknown> {
  return {
    taskId: t.id,
    accountId: t.accountId,
    title: t.title,
    type: t.type,
    dueAt: t.dueAt,
    assigneeId: t.assigneeId,
    playbookRunId: t.playbookRunId,
    playbookId,
    touchesCustomer: t.touchesCustomer,
  };
}
