import { formatScore, humanize } from '@/lib/format';
import { DateTime } from '@/components/date-time';
import { Section } from '@/components/page-header';
import { EmptyState } from '@/components/states';
import { Badge } from '@/components/ui/badge';
import type { AccountData } from './account.graphql';

type Item = NonNullable<AccountData['feedback']['edges'][number]['node']>;

function describe(item: Item): { label: string; tone: 'green' | 'yellow' | 'red' | 'grey'; text: string | null } {
  if (item.__typename === 'NpsResponse') {
    const tone = item.score >= 9 ? 'green' : item.score >= 7 ? 'yellow' : 'red';
    return { label: `NPS ${item.score} · ${humanize(item.category)}`, tone, text: item.comment ?? null };
  }
  if (item.__typename === 'CsatResponse') {
    const tone = item.csat >= 4 ? 'green' : item.csat === 3 ? 'yellow' : 'red';
    return {
      label: `CSAT ${item.csat}/5${item.topic ? ` · ${item.topic}` : ''}`,
      tone,
      text: item.csatComment ?? null,
    };
  }
  if (item.__typename === 'Feedback') {
    const tone = item.sentiment === 'POSITIVE' ? 'green' : item.sentiment === 'NEGATIVE' ? 'red' : 'grey';
    return {
      label: `Note · ${humanize(item.source)}${item.sentiment ? ` · ${humanize(item.sentiment)}` : ''}`,
      tone,
      text: item.text,
    };
  }
  return { label: 'Feedback', tone: 'grey', text: null };
}

export function FeedbackPanel({ account }: { account: AccountData }) {
  const items = account.feedback.edges.map((e) => e.node);
  return (
    <Section title="NPS, CSAT and feedback">
      <p className="mb-3 text-sm text-slate-700">
        NPS over 12 months: <strong>{formatScore(account.nps.nps12m)}</strong> from {account.nps.responses12m} answers.
      </p>
      {items.length === 0 ? (
        <EmptyState title="No feedback yet">
          Record an NPS or CSAT answer or a note from a call with the buttons above.
        </EmptyState>
      ) : (
        <ul className="space-y-2">
          {items.map((item) => {
            const d = describe(item);
            return (
              <li key={item.id} className="rounded-md border border-slate-200 px-3 py-2">
                <p className="flex flex-wrap items-center gap-2 text-sm">
                  <Badge tone={d.tone}>{d.label}</Badge>
                  <span className="text-slate-600">
                    <DateTime value={item.occurredAt} />
                  </span>
                </p>
                {d.text && <blockquote className="mt-1 text-sm text-slate-800">“{d.text}”</blockquote>}
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
