import { Link, useRouteContext } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import type { TaskFieldsFragment } from '@/gql/graphql';
import { humanize } from '@/lib/format';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DateTime } from '@/components/date-time';
import { isManager } from '../_app/navigation';
import { CompleteTaskDialog, ReassignTaskDialog, SnoozeTaskDialog, WakeTaskButton } from './task-dialogs';

export type GroupKey = 'overdue' | 'today' | 'week' | 'later' | 'snoozed';

const GROUP_TITLES: Record<GroupKey, string> = {
  overdue: 'Overdue',
  today: 'Due today',
  week: 'This week',
  later: 'Later',
  snoozed: 'Snoozed',
};

/** Snoozed until a later instant (lists leave it out unless asked with includeSnoozed). */
export function isSnoozed(task: { snoozedUntil?: string | null }, now = Date.now()): boolean {
  return !!task.snoozedUntil && new Date(task.snoozedUntil).getTime() > now;
}

/**
 * Overdue / today / the next 7 days / later, by the user's local calendar, soonest due first; snoozed tasks
 * (only listed when asked for) in their own group, soonest to wake first.
 */
export function groupTasks<T extends { dueAt: string; overdue: boolean; snoozedUntil?: string | null }>(
  tasks: T[],
  now = new Date(),
): Record<GroupKey, T[]> {
  const endOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
  const endOfWeek = endOfToday + 6 * 86_400_000;
  const groups: Record<GroupKey, T[]> = { overdue: [], today: [], week: [], later: [], snoozed: [] };
  for (const t of [...tasks].sort((a, b) => a.dueAt.localeCompare(b.dueAt))) {
    const due = new Date(t.dueAt).getTime();
    if (isSnoozed(t, now.getTime())) groups.snoozed.push(t);
    else if (t.overdue || due < now.getTime()) groups.overdue.push(t);
    else if (due < endOfToday) groups.today.push(t);
    else if (due < endOfWeek) groups.week.push(t);
    else groups.later.push(t);
  }
  groups.snoozed.sort((a, b) => new Date(a.snoozedUntil!).getTime() - new Date(b.snoozedUntil!).getTime());
  return groups;
}

type Dialog = { kind: 'complete' | 'snooze' | 'reassign'; task: TaskFieldsFragment } | null;

/**
 * Tasks in groups with their actions. `empty` shows when there is no task; the notice of the last snooze (with
 * the wake-up time) stays above either, since the snoozed task has just left the list.
 */
export function TaskGroups({
  tasks,
  compact,
  empty,
}: {
  tasks: TaskFieldsFragment[];
  compact?: boolean;
  empty?: ReactNode;
}) {
  const { me } = useRouteContext({ from: '/app' });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [snoozed, setSnoozed] = useState<{ title: string; until: string } | null>(null);
  const groups = groupTasks(tasks);
  const manager = isManager(me.role);
  return (
    <div className="space-y-4">
      <div role="status" aria-live="polite">
        {snoozed && (
          <p className="rounded bg-blue-50 px-3 py-2 text-sm text-blue-900">
            “{snoozed.title}” is snoozed until <DateTime value={snoozed.until} />: it leaves the lists until then.
          </p>
        )}
      </div>
      {tasks.length === 0 && empty}
      {(Object.keys(GROUP_TITLES) as GroupKey[]).map((key) =>
        groups[key].length === 0 ? null : (
          <section key={key} aria-label={GROUP_TITLES[key]}>
            <h3 className="mb-1 text-sm font-semibold text-slate-700">
              {GROUP_TITLES[key]} <span className="font-normal text-slate-500">({groups[key].length})</span>
            </h3>
            <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white">
              {groups[key].map((task) => (
                <li key={task.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
                  <div className="min-w-0">
                    <p className="font-medium text-slate-900">
                      {key === 'overdue' && (
                        <Badge tone="red" className="mr-1.5">
                          Overdue
                        </Badge>
                      )}
                      {key === 'snoozed' && (
                        <Badge tone="grey" className="mr-1.5">
                          Snoozed
                        </Badge>
                      )}
                      {task.title}
                    </p>
                    <p className="text-sm text-slate-600">
                      <Link
                        to="/accounts/$accountId"
                        params={{ accountId: task.account.id }}
                        className="text-blue-800 underline"
                      >
                        {task.account.name}
                      </Link>
                      {' · '}
                      {humanize(task.type)} · due <DateTime value={task.dueAt} />
                      {key === 'snoozed' && (
                        <>
                          {' · '}
                          <strong className="font-medium text-slate-800">
                            wakes <DateTime value={task.snoozedUntil!} />
                          </strong>
                        </>
                      )}
                      {task.playbookRun && <> · from playbook “{task.playbookRun.playbook.name}”</>}
                      {!compact && <> · {task.assignee.name}</>}
                    </p>
                  </div>
                  <div className="flex gap-1.5">
                    <Button
                      size="sm"
                      onClick={() => setDialog({ kind: 'complete', task })}
                      aria-label={`Complete “${task.title}”`}
                    >
                      Complete
                    </Button>
                    {key === 'snoozed' ? (
                      <WakeTaskButton task={task} />
                    ) : (
                      <Button
                        size="sm"
                        variant="secondary"
                        onClick={() => setDialog({ kind: 'snooze', task })}
                        aria-label={`Snooze “${task.title}”`}
                      >
                        Snooze
                      </Button>
                    )}
                    {manager && (
                      <Button
                        size="sm"
                        variant="secondary"
                        onClick={() => setDialog({ kind: 'reassign', task })}
                        aria-label={`Reassign “${task.title}”`}
                      >
                        Reassign
                      </Button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        ),
      )}
      {dialog?.kind === 'complete' && <CompleteTaskDialog task={dialog.task} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'snooze' && (
        <SnoozeTaskDialog
          task={dialog.task}
          onClose={() => setDialog(null)}
          onSnoozed={(until) => setSnoozed({ title: dialog.task.title, until })}
        />
      )}
      {dialog?.kind === 'reassign' && <ReassignTaskDialog task={dialog.task} onClose={() => setDialog(null)} />}
    </div>
  );
}
