import { useEffect, useState } from 'react';
import { gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { Section } from '@/components/page-header';
import { FormError } from '@/components/form-error';
import { Field, Input } from '@/components/ui/input';
import { Button } from '@/components/ui/button';
import { formatInt } from '@/lib/format';
import { BackfillHistoryMutation } from './scorecards.graphql';

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * Rebuilds daily health history for [from, to) with the current scorecard. The API does it in one synchronous
 * request (about half a second per day on the 300-account demo book), so the panel shows a running state with the
 * elapsed time, then the number of history points written.
 */
export function BackfillPanel({ scorecardId, name }: { scorecardId: string; name: string }) {
  const [from, setFrom] = useState(() => isoDay(Date.now() - 30 * DAY));
  const [to, setTo] = useState(() => isoDay(Date.now()));
  const [started, setStarted] = useState<number | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [took, setTook] = useState<number | null>(null);
  const run = useApiMutation(
    (vars: { scorecardId: string; from: string; to: string }) => gqlRequest(BackfillHistoryMutation, vars),
    {
      invalidate: [['account']],
      onSuccess: () => setTook(started === null ? null : Math.round((Date.now() - started) / 1000)),
    },
  );
  useEffect(() => {
    if (!run.isPending || started === null) return;
    const t = setInterval(() => setElapsed(Math.round((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(t);
  }, [run.isPending, started]);
  return (
    <Section title="Backfill history">
      <p className="mb-3 text-sm text-slate-600">
        Recomputes the daily health history of the accounts {name} applies to, as of each day in the range (the last day
        not included), with the scorecard as saved now. At most 731 days.
      </p>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          setStarted(Date.now());
          setElapsed(0);
          setTook(null);
          run.mutate({ scorecardId, from, to });
        }}
      >
        <Field label="From (first day)" error={run.fieldErrors.from}>
          {(ids) => <Input {...ids} type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />}
        </Field>
        <Field label="To (not included)" error={run.fieldErrors.to}>
          {(ids) => <Input {...ids} type="date" value={to} onChange={(e) => setTo(e.target.value)} required />}
        </Field>
        <Button type="submit" disabled={run.isPending}>
          {run.isPending ? 'Backfilling…' : 'Backfill history'}
        </Button>
      </form>
      <div aria-live="polite" className="mt-2 text-sm" data-testid="backfill-status">
        {run.isPending && (
          <p role="status">
            Backfilling {from} … {to}: {elapsed} s so far (about half a second per day).
          </p>
        )}
        {run.isSuccess && (
          <p className="text-emerald-900">
            Done: {formatInt(run.data.backfillHealthHistory)} history points written
            {took !== null ? ` in ${took} s` : ''}.
          </p>
        )}
      </div>
      <FormError error={run.formError} />
    </Section>
  );
}
