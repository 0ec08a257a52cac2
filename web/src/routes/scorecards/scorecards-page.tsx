import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ScorecardImpactQuery, ScorecardInput } from '@/gql/graphql';
import { gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { PageHeader, Section } from '@/components/page-header';
import { QueryState } from '@/components/states';
import { FormError } from '@/components/form-error';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { scorecardsRoute } from './scorecards.route';
import { ScorecardImpactQuery as ImpactDoc, ScorecardsQuery, UpsertScorecardMutation } from './scorecards.graphql';
import { fromDraft, toDraft, type ScorecardDraft } from './scorecard-form';
import { ScorecardEditor } from './scorecard-editor';
import { ScorecardImpactPanel } from './scorecard-impact-panel';
import { BackfillPanel } from './backfill-panel';

/** How many changed accounts the what-if lists (all of the scope is scored; the count covers every change). */
export const IMPACT_LIMIT = 200;
const NEW = 'new';

export function ScorecardsPage() {
  const { card: cardId } = scorecardsRoute.useSearch();
  const navigate = scorecardsRoute.useNavigate();
  const query = useQuery({ queryKey: ['scorecards'], queryFn: () => gqlRequest(ScorecardsQuery) });
  const cards = query.data?.scorecards ?? [];
  const fallback = cards.find((c) => c.segment === null) ?? cards[0];
  // `card=new`: a segment scorecard not saved yet, starting as a copy of the default one.
  const creating = cardId === NEW && fallback !== undefined;
  const card = creating
    ? { ...fallback, id: '', version: 0, segment: '', name: 'Segment health' }
    : (cards.find((c) => c.id === cardId) ?? fallback);
  return (
    <>
      <PageHeader
        title="Scorecards"
        subtitle="How health scores are computed: the default scorecard and one per segment"
      />
      <QueryState query={query} loadingRows={8}>
        {() =>
          card ? (
            <div className="space-y-4" data-testid="scorecards-content">
              <nav aria-label="Scorecards" className="flex flex-wrap gap-2">
                {cards.map((c) => (
                  <Button
                    key={c.id}
                    size="sm"
                    variant={c.id === card.id ? 'primary' : 'secondary'}
                    aria-current={c.id === card.id ? 'page' : undefined}
                    onClick={() => void navigate({ search: { card: c.id } })}
                  >
                    {c.segment ? `Segment ${c.segment}` : 'Default'} · v{c.version}
                  </Button>
                ))}
                <Button
                  size="sm"
                  variant={creating ? 'primary' : 'secondary'}
                  aria-current={creating ? 'page' : undefined}
                  onClick={() => void navigate({ search: { card: NEW } })}
                >
                  New segment scorecard
                </Button>
              </nav>
              <CardWorkbench
                key={card.id || NEW}
                card={card}
                onCreated={(id) => void navigate({ search: { card: id } })}
              />
              {!creating && (
                <BackfillPanel
                  scorecardId={card.id}
                  name={card.segment ? `the ${card.segment} scorecard` : 'the default scorecard'}
                />
              )}
            </div>
          ) : null
        }
      </QueryState>
    </>
  );
}

type Card = Parameters<typeof toDraft>[0];

/** One scorecard's editor with its what-if and save; the draft restarts from each version saved. */
function CardWorkbench({ card, onCreated }: { card: Card; onCreated: (id: string) => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<ScorecardDraft>(() => toDraft(card));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const preview = useApiMutation((input: ScorecardInput) => gqlRequest(ImpactDoc, { input, limit: IMPACT_LIMIT }), {
    invalidate: [],
  });
  const save = useApiMutation((input: ScorecardInput) => gqlRequest(UpsertScorecardMutation, { input }), {
    invalidate: [['accounts'], ['account'], ['myDay']],
    onSuccess: (r) => {
      setSavedVersion(r.upsertScorecard.version);
      void queryClient.invalidateQueries({ queryKey: ['scorecards'] });
      if (!card.id) onCreated(r.upsertScorecard.id);
    },
  });
  useEffect(() => setDraft(toDraft(card)), [card]);
  // A new draft edit makes the shown what-if stale: clear it.
  useEffect(() => preview.reset(), [draft]);
  const submit = (action: 'preview' | 'save') => {
    const { input, errors } = fromDraft(draft);
    setLocalErrors(errors);
    if (!input) return;
    if (action === 'preview') preview.mutate(input);
    else save.mutate(input);
  };
  const errors = { ...preview.fieldErrors, ...save.fieldErrors, ...localErrors };
  const impact: ScorecardImpactQuery['scorecardImpact'] | undefined = preview.data?.scorecardImpact;
  return (
    <Section title={card.id ? `${card.name} — version ${card.version}` : 'New segment scorecard'}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit('save');
        }}
        className="space-y-4"
      >
        <ScorecardEditor draft={draft} onChange={setDraft} errors={errors} isDefault={card.segment === null} />
        <div className="flex flex-wrap items-center gap-2 border-t border-slate-200 pt-3">
          <Button variant="secondary" disabled={preview.isPending} onClick={() => submit('preview')}>
            {preview.isPending ? 'Scoring the accounts…' : 'Preview changes'}
          </Button>
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : `Save as version ${card.version + 1}`}
          </Button>
          <Button variant="ghost" onClick={() => setDraft(toDraft(card))}>
            Discard edits
          </Button>
          <p aria-live="polite" className={cn('text-sm', savedVersion ? 'text-emerald-900' : 'sr-only')}>
            {savedVersion ? `Saved version ${savedVersion}. The accounts are being rescored.` : ''}
          </p>
        </div>
        <FormError error={preview.formError ?? save.formError} />
        {Object.keys(errors).length > 0 && (
          <p role="alert" className="text-sm text-red-700">
            Some fields need a fix (see the messages beside them).
          </p>
        )}
      </form>
      {impact && (
        <div className="mt-4">
          <ScorecardImpactPanel impact={impact} limit={IMPACT_LIMIT} />
        </div>
      )}
    </Section>
  );
}
