import type { AccountPageQuery } from '@/gql/graphql';
import { useState } from 'react';
import { flagLabel } from '@/lib/explain';
import { formatMoney, humanize } from '@/lib/format';
import { DateTime } from '@/components/date-time';
import { Section } from '@/components/page-header';
import { EmptyState } from '@/components/states';
import { Select } from '@/components/ui/select';
import { Button } from '@/components/ui/button';
import type { AccountData } from './account-summary';

export interface TimelineEvent {
  id: string;
  kind: TimelineKind;
  at: string;
  title: string;
  detail?: string | null;
}

export const TIMELINE_KINDS = ['MRR', 'HEALTH', 'FLAG', 'FEEDBACK', 'TASK', 'PLAYBOOK', 'OVERRIDE'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** The account's history, newest first, from what the page already loaded (MRR, bands, flags, feedback, work). */
export function buildTimeline(a: AccountData, data: AccountPageQuery): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const m of a.mrrHistory)
    events.push({
      id: `mrr-${m.id}`,
      kind: 'MRR',
      at: m.effectiveAt,
      title: `${humanize(m.type)} ${formatMoney(m.amountCents)}`,
      detail: `MRR ${formatMoney(m.mrrBeforeCents)} → ${formatMoney(m.mrrAfterCents)}`,
    });
  for (let i = 1; i < a.healthHistory.length; i++) {
    const prev = a.healthHistory[i - 1];
    const cur = a.healthHistory[i];
    if (prev.band !== cur.band)
      events.push({
        id: `band-${cur.day}`,
        kind: 'HEALTH',
        at: `${cur.day}T00:00:00.000Z`,
        title: `Health band ${prev.band.toLowerCase()} → ${cur.band.toLowerCase()}`,
      });
  }
  for (const f of a.health?.flags ?? [])
    events.push({
      id: `flag-${f.type}`,
      kind: 'FLAG',
      at: f.since,
      title: `Flag raised: ${flagLabel(f.type)}`,
      detail: f.evidence,
    });
  const o = a.health?.override;
  if (o)
    events.push({
      id: 'override',
      kind: 'OVERRIDE',
      at: o.setAt,
      title: `Band overridden to ${o.band.toLowerCase()} by ${o.setBy?.name ?? 'someone'}`,
      detail: o.reason,
    });
  for (const { node: f } of a.feedback.edges) {
    const title =
      f.__typename === 'NpsResponse'
        ? `NPS ${f.score}`
        : f.__typename === 'CsatResponse'
          ? `CSAT ${f.csat}/5`
          : 'Feedback note';
    const detail =
      f.__typename === 'NpsResponse'
        ? f.comment
        : f.__typename === 'CsatResponse'
          ? f.csatComment
          : f.__typename === 'Feedback'
            ? f.text
            : null;
    events.push({ id: `fb-${f.id}`, kind: 'FEEDBACK', at: f.occurredAt, title, detail });
  }
  for (const { node: r } of data.playbookRuns.edges)
    events.push({
      id: `run-${r.id}`,
      kind: 'PLAYBOOK',
      at: r.startedAt,
      title: `Playbook “${r.playbook.name}” ${r.suppressed ? `suppressed (${humanize(r.suppressed)})` : 'started'}`,
      detail: r.note,
    });
  for (const { node: t } of data.tasks.edges)
    events.push({
      id: `task-${t.id}`,
      kind: 'TASK',
      at: t.dueAt,
      title: `Task due: ${t.title}`,
      detail: t.assignee.name,
    });
  return events.sort((x, y) => y.at.localeCompare(x.at));
}

const PAGE = 25;

export function TimelinePanel({
  events,
  kind,
  onKindChange,
}: {
  events: TimelineEvent[];
  kind?: string;
  onKindChange: (k?: string) => void;
}) {
  const [shown, setShown] = useState(PAGE);
  const filtered = kind ? events.filter((e) => e.kind === kind) : events;
  return (
    <Section
      title="Timeline"
      actions={
        <Select
          aria-label="Show events of kind"
          value={kind}
          onChange={(k) => {
            setShown(PAGE);
            onKindChange(k);
          }}
          emptyLabel="All events"
          options={TIMELINE_KINDS.map((k) => ({ value: k, label: humanize(k) }))}
        />
      }
    >
      {filtered.length === 0 ? (
        <EmptyState title="Nothing here yet">
          Events appear as MRR moves, scores change and your team records feedback and tasks.
        </EmptyState>
      ) : (
        <>
          <ol className="relative space-y-3 border-l border-slate-200 pl-4">
            {filtered.slice(0, shown).map((e) => (
              <li key={e.id} className="text-sm">
                <span
                  aria-hidden
                  className="absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full border-2 border-white bg-blue-700"
                />
                <p className="text-slate-600">
                  <DateTime value={e.at} /> · {humanize(e.kind)}
                </p>
                <p className="font-medium text-slate-900">{e.title}</p>
                {e.detail && <p className="text-slate-700">{e.detail}</p>}
              </li>
            ))}
          </ol>
          {filtered.length > shown && (
            <Button variant="secondary" size="sm" className="mt-3" onClick={() => setShown((s) => s + PAGE)}>
              Show older events
            </Button>
          )}
        </>
      )}
    </Section>
  );
}
