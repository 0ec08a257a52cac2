import { useInfiniteQuery } from '@tanstack/react-query';
import type { TimelineKind } from '@/gql/graphql';
import { gqlRequest } from '@/lib/graphql-client';
import { formatMoney, humanize } from '@/lib/format';
import { DateTime } from '@/components/date-time';
import { Section } from '@/components/page-header';
import { EmptyState, ErrorState, LoadingState } from '@/components/states';
import { Select } from '@/components/ui/select';
import { Button } from '@/components/ui/button';
import { AccountTimelineQuery } from './account.graphql';

/** The timeline's filter: groups of the API's kinds, as a CSM thinks of them. */
export const TIMELINE_GROUPS: Record<string, { label: string; kinds: TimelineKind[] }> = {
  mrr: { label: 'MRR', kinds: ['MRR_MOVEMENT'] },
  health: { label: 'Health band', kinds: ['HEALTH_BAND_CHANGED'] },
  flags: { label: 'Red flags', kinds: ['FLAG_RAISED', 'FLAG_CLEARED'] },
  feedback: { label: 'Feedback', kinds: ['NPS_RESPONSE', 'CSAT_RESPONSE', 'FEEDBACK_NOTE'] },
  tasks: { label: 'Tasks', kinds: ['TASK_CREATED', 'TASK_COMPLETED'] },
  playbooks: { label: 'Playbooks', kinds: ['PLAYBOOK_STARTED', 'PLAYBOOK_ENDED'] },
  overrides: { label: 'Overrides', kinds: ['OVERRIDE_SET', 'OVERRIDE_CLEARED', 'OVERRIDE_EXPIRED'] },
  churn: { label: 'Churn reasons', kinds: ['CHURN_REASON'] },
};

interface Props {
  accountId: string;
  /** A key of TIMELINE_GROUPS (from the URL), or all events. */
  group?: string;
  onGroupChange: (group?: string) => void;
}

export function TimelinePanel({ accountId, group, onGroupChange }: Props) {
  const kinds = group && TIMELINE_GROUPS[group] ? TIMELINE_GROUPS[group].kinds : undefined;
  const query = useInfiniteQuery({
    queryKey: ['account', accountId, 'timeline', kinds ?? 'all'],
    queryFn: ({ pageParam }) => gqlRequest(AccountTimelineQuery, { accountId, kinds, after: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) =>
      last.accountTimeline.pageInfo.hasNextPage ? (last.accountTimeline.pageInfo.endCursor ?? undefined) : undefined,
  });
  const items = query.data?.pages.flatMap((p) => p.accountTimeline.edges.map((e) => e.node)) ?? [];
  return (
    <Section
      title="Timeline"
      actions={
        <Select
          aria-label="Show events of kind"
          value={group}
          onChange={onGroupChange}
          emptyLabel="All events"
          options={Object.entries(TIMELINE_GROUPS).map(([value, g]) => ({ value, label: g.label }))}
        />
      }
    >
      {query.isPending ? (
        <LoadingState label="Loading the timeline…" rows={6} />
      ) : query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={kinds ? 'No events of this kind' : 'Nothing has happened yet'}>
          {kinds
            ? 'Choose “All events” to see everything.'
            : 'Events appear as MRR moves, scores change and your team records feedback and tasks.'}
        </EmptyState>
      ) : (
        <>
          <ol className="relative space-y-3 border-l border-slate-200 pl-4" aria-label="Events, newest first">
            {items.map((e) => (
              <li key={e.id} className="text-sm">
                <span
                  aria-hidden
                  className="absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full border-2 border-white bg-blue-700"
                />
                <p className="text-slate-600">
                  <DateTime value={e.occurredAt} /> · {humanize(e.kind)}
                  {e.actor && <> · {e.actor.name}</>}
                </p>
                <p className="font-medium text-slate-900">{e.title}</p>
                {e.mrr ? (
                  <p className="text-slate-700">
                    {humanize(e.mrr.type)} of {formatMoney(e.mrr.amountCents)}: MRR {formatMoney(e.mrr.mrrBeforeCents)}{' '}
                    → {formatMoney(e.mrr.mrrAfterCents)}
                  </p>
                ) : (
                  e.summary && <p className="text-slate-700">{e.summary}</p>
                )}
              </li>
            ))}
          </ol>
          {query.hasNextPage && (
            <Button
              variant="secondary"
              size="sm"
              className="mt-3"
              disabled={query.isFetchingNextPage}
              onClick={() => void query.fetchNextPage()}
            >
              {query.isFetchingNextPage ? 'Loading…' : 'Show older events'}
            </Button>
          )}
        </>
      )}
    </Section>
  );
}
