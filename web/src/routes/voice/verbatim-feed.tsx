import { useEffect, useState } from 'react';
import { Link } from '@tanstack/react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { VerbatimsQuery as VerbatimsData } from '@/gql/graphql';
import { gqlRequest } from '@/lib/graphql-client';
import { formatInt, humanize } from '@/lib/format';
import { DataTable } from '@/components/cockpit/data-table';
import { DateTime } from '@/components/date-time';
import { EmptyState, QueryState } from '@/components/states';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { VerbatimsQuery } from './voice.graphql';
import { verbatimFilter, type VoiceSearch } from './voice-search';

export const FEED_PAGE = 50;
type Verbatim = VerbatimsData['verbatims']['edges'][number]['node'];

function Labelled({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
      {label}
      {children}
    </label>
  );
}

/** A score box: empty or 0..10. */
function ScoreInput({ label, value, onChange }: { label: string; value?: number; onChange: (v?: number) => void }) {
  return (
    <Labelled label={label}>
      <Input
        type="number"
        min={0}
        max={10}
        className="w-20"
        value={value ?? ''}
        onChange={(e) => {
          const n = e.target.value === '' ? undefined : Number(e.target.value);
          onChange(n !== undefined && Number.isInteger(n) && n >= 0 && n <= 10 ? n : undefined);
        }}
      />
    </Labelled>
  );
}

function kindText(v: Verbatim): string {
  if (v.kind === 'NPS') return `NPS ${v.score ?? ''} · ${humanize(v.npsCategory ?? '')}`;
  if (v.kind === 'CSAT') return `CSAT ${v.score ?? ''}/5${v.topic ? ` · ${v.topic}` : ''}`;
  return `Note · ${humanize(v.source ?? 'OTHER')}${v.sentiment ? ` · ${humanize(v.sentiment)}` : ''}`;
}

/** The verbatim feed: filters in the URL, newest first, more pages on demand. */
export function VerbatimFeedPanel({
  search,
  onChange,
}: {
  search: VoiceSearch;
  onChange: (patch: Partial<VoiceSearch>) => void;
}) {
  const filter = verbatimFilter(search);
  const query = useInfiniteQuery({
    queryKey: ['verbatims', filter],
    queryFn: ({ pageParam }) => gqlRequest(VerbatimsQuery, { filter, first: FEED_PAGE, after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.verbatims.pageInfo.hasNextPage ? last.verbatims.pageInfo.endCursor : undefined),
  });
  const [q, setQ] = useState(search.q ?? '');
  useEffect(() => setQ(search.q ?? ''), [search.q]);
  useEffect(() => {
    const t = setTimeout(() => {
      if ((search.q ?? '') !== q.trim()) onChange({ q: q.trim() || undefined });
    }, 300);
    return () => clearTimeout(t);
    // Only the typed text starts the timer; the URL state it is compared with is read fresh.
  }, [q]);

  const rows = query.data?.pages.flatMap((p) => p.verbatims.edges.map((e) => e.node)) ?? [];
  const total = query.data?.pages[0]?.verbatims.totalCount;
  return (
    <section aria-label="Verbatims" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-semibold text-slate-900">What customers said</h2>
        <p className="text-sm text-slate-600" data-testid="verbatim-count">
          {total === undefined ? '' : `${formatInt(total)} verbatims match`}
        </p>
      </div>
      <div role="search" aria-label="Filter verbatims" className="flex flex-wrap items-end gap-3">
        <Labelled label="Search text">
          <Input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. onboarding" />
        </Labelled>
        <Labelled label="Kind">
          <Select
            aria-label="Kind"
            value={search.kind}
            emptyLabel="All kinds"
            onChange={(v) => onChange({ kind: v as VoiceSearch['kind'] })}
            options={[
              { value: 'NPS', label: 'NPS comments' },
              { value: 'CSAT', label: 'CSAT comments' },
              { value: 'TEXT', label: 'Notes' },
            ]}
          />
        </Labelled>
        <Labelled label="NPS category">
          <Select
            aria-label="NPS category"
            value={search.category}
            emptyLabel="Any category"
            onChange={(v) => onChange({ category: v as VoiceSearch['category'] })}
            options={[
              { value: 'PROMOTER', label: 'Promoters (9–10)' },
              { value: 'PASSIVE', label: 'Passives (7–8)' },
              { value: 'DETRACTOR', label: 'Detractors (0–6)' },
            ]}
          />
        </Labelled>
        <ScoreInput label="Score from" value={search.min} onChange={(v) => onChange({ min: v })} />
        <ScoreInput label="Score to" value={search.max} onChange={(v) => onChange({ max: v })} />
        {search.account && (
          <div className="flex items-center gap-2 rounded-md bg-blue-50 px-2 py-1 text-sm text-blue-900">
            Account: {search.accountName ?? search.account}
            <Button size="sm" variant="ghost" onClick={() => onChange({ account: undefined, accountName: undefined })}>
              Clear account
            </Button>
          </div>
        )}
      </div>
      <QueryState
        query={query}
        loadingRows={8}
        isEmpty={() => rows.length === 0}
        empty={
          <EmptyState title="No verbatim matches these filters">
            Widen the score range, clear the search or the account, or pick another segment or CSM.
          </EmptyState>
        }
      >
        {() => (
          <div className="space-y-3" data-testid="verbatim-feed">
            <DataTable
              caption="Verbatims, newest first"
              csvName="verbatims"
              rows={rows}
              rowKey={(v) => v.id}
              columns={[
                {
                  key: 'occurredAt',
                  label: 'When',
                  value: (v) => v.occurredAt,
                  render: (v) => <DateTime value={v.occurredAt} />,
                },
                {
                  key: 'account',
                  label: 'Account',
                  value: (v) => v.accountName,
                  render: (v) => (
                    <span className="flex flex-col">
                      <Link
                        to="/accounts/$accountId"
                        params={{ accountId: v.accountId }}
                        className="text-blue-800 underline"
                      >
                        {v.accountName}
                      </Link>
                      <button
                        type="button"
                        className="self-start text-xs text-slate-600 underline"
                        onClick={() => onChange({ account: v.accountId, accountName: v.accountName })}
                      >
                        Only this account
                      </button>
                    </span>
                  ),
                },
                { key: 'segment', label: 'Segment', value: (v) => v.segment },
                { key: 'kind', label: 'Kind', value: (v) => kindText(v) },
                { key: 'score', label: 'Score', value: (v) => v.score, numeric: true },
                {
                  key: 'text',
                  label: 'What they said',
                  value: (v) => v.text,
                  render: (v) => <p className="max-w-xl whitespace-pre-line">{v.text}</p>,
                },
              ]}
            />
            {query.hasNextPage && (
              <Button
                variant="secondary"
                disabled={query.isFetchingNextPage}
                onClick={() => void query.fetchNextPage()}
              >
                {query.isFetchingNextPage ? 'Loading…' : `Show ${FEED_PAGE} more`}
              </Button>
            )}
          </div>
        )}
      </QueryState>
    </section>
  );
}
