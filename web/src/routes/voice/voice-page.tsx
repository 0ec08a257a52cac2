import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Input } from '@/components/ui/input';
import { gqlRequest } from '@/lib/graphql-client';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/states';
import { CsmPicker } from '../my-day/csm-picker';
import { VoiceFiguresQuery } from './voice.graphql';
import { figuresVariables, type VoiceSearch } from './voice-search';
import { CsatDistributionChart, NpsSplitChart, NpsTrendChart, VoiceTiles } from './voice-figures';
import { VerbatimFeedPanel } from './verbatim-feed';
import { voiceRoute } from './voice.route';

/** NPS trend with its interval, the year's split, CSAT, and the verbatim feed; scope and filters in the URL. */
export function VoicePage() {
  const search = voiceRoute.useSearch();
  const navigate = voiceRoute.useNavigate();
  const variables = figuresVariables(search);
  const figures = useQuery({
    queryKey: ['voiceFigures', variables.filter, variables.months],
    queryFn: () => gqlRequest(VoiceFiguresQuery, variables),
  });
  const update = (patch: Partial<VoiceSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }) });
  const scope = [
    search.segment && `segment ${search.segment}`,
    search.account && `account ${search.accountName ?? search.account}`,
  ].filter(Boolean);
  return (
    <>
      <PageHeader
        title="Voice of the customer"
        subtitle={`NPS, CSAT and what customers said, last 12 months${scope.length ? ` — ${scope.join(', ')}` : ''}`}
      >
        <SegmentInput value={search.segment} onChange={(v) => update({ segment: v })} />
        <CsmPicker label="CSM" value={search.owner} onChange={(v) => update({ owner: v })} />
      </PageHeader>
      <div className="space-y-4">
        <QueryState
          query={figures}
          loadingRows={6}
          isEmpty={(d) => d.npsSummary.responses === 0 && d.csatSummary.responses === 0}
          empty={
            <EmptyState title="No survey answers in the last 12 months">
              NPS and CSAT answers arrive from surveys (recordNps, recordCsat) or an account’s page.
            </EmptyState>
          }
        >
          {(d) => (
            <div className="space-y-4" data-testid="voice-content">
              <VoiceTiles d={d} />
              <NpsTrendChart months={d.npsTrend} />
              <div className="grid gap-4 lg:grid-cols-2">
                <NpsSplitChart s={d.npsSummary} />
                <CsatDistributionChart c={d.csatSummary} />
              </div>
            </div>
          )}
        </QueryState>
        <VerbatimFeedPanel search={search} onChange={update} />
      </div>
    </>
  );
}

/** The segment the whole page covers (figures and feed); typing applies after a short pause. */
function SegmentInput({ value, onChange }: { value?: string; onChange: (v?: string) => void }) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  useEffect(() => {
    const t = setTimeout(() => {
      if ((value ?? '') !== text.trim()) onChange(text.trim() || undefined);
    }, 300);
    return () => clearTimeout(t);
    // Only the typed text starts the timer.
  }, [text]);
  return (
    <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
      Segment
      <Input className="w-40" value={text} placeholder="All segments" onChange={(e) => setText(e.target.value)} />
    </label>
  );
}
