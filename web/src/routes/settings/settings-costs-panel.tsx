import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { CsCostCategory, SettingsCostsQuery as CostsData } from '@/gql/graphql';
import { gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { formatDateTime, formatDay, formatInt, formatMoney, humanize } from '@/lib/format';
import { parseCents } from '@/lib/money-input';
import { DataTable, type DataColumn } from '@/components/cockpit/data-table';
import { EmptyState, QueryState } from '@/components/states';
import { FormError } from '@/components/form-error';
import { Section } from '@/components/page-header';
import { Button } from '@/components/ui/button';
import { Field, Input, Textarea } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { RecordCsCostMutation, SettingsCostsQuery } from './settings.graphql';

type Cost = CostsData['csCosts']['edges'][number]['node'];
const CATEGORIES: Record<CsCostCategory, string> = {
  STAFF: 'Staff',
  TOOLS: 'Tools',
  PROGRAMS: 'Programs',
  SERVICES: 'Services',
  MARKETING: 'Marketing',
  OTHER: 'Other',
};
const CATEGORY_OPTIONS = (Object.keys(CATEGORIES) as CsCostCategory[]).map((c) => ({ value: c, label: CATEGORIES[c] }));

const columns: DataColumn<Cost>[] = [
  { key: 'from', label: 'From', value: (c) => c.periodStart, render: (c) => formatDay(c.periodStart) },
  { key: 'to', label: 'To (exclusive)', value: (c) => c.periodEnd, render: (c) => formatDay(c.periodEnd) },
  { key: 'category', label: 'Category', value: (c) => humanize(c.category) },
  {
    key: 'amount',
    label: 'Amount',
    numeric: true,
    value: (c) => c.amountCents,
    render: (c) => formatMoney(c.amountCents),
  },
  { key: 'note', label: 'Note', value: (c) => c.note },
  { key: 'recorded', label: 'Recorded', value: (c) => c.recordedAt, render: (c) => formatDateTime(c.recordedAt) },
];

/** Customer-success costs (the CRC numerator): record one; the entries, newest first, with their total. */
export function SettingsCostsPanel() {
  const [after, setAfter] = useState<string | undefined>();
  const query = useQuery({
    queryKey: ['settings', 'costs', after],
    queryFn: () => gqlRequest(SettingsCostsQuery, { after }),
  });
  return (
    <div className="space-y-4">
      <Section title="Record a CS cost">
        <CostForm onRecorded={() => setAfter(undefined)} />
      </Section>
      <Section title="Recorded costs">
        <QueryState
          query={query}
          isEmpty={(d) => d.csCosts.edges.length === 0}
          empty={
            <EmptyState title="No costs recorded">
              Record your CS team’s costs above; CRC (customer retention cost) uses them.
            </EmptyState>
          }
        >
          {(d) => (
            <div className="space-y-2" data-testid="settings-costs">
              <p className="text-sm text-slate-700">
                {formatInt(d.csCosts.totalCount)} entries, {formatMoney(d.csCosts.sumCents)} in all.
              </p>
              <DataTable
                caption="Recorded CS costs"
                columns={columns}
                rows={d.csCosts.edges.map((e) => e.node)}
                rowKey={(c) => c.id}
                csvName="cs-costs.csv"
              />
              <div className="flex gap-2">
                {after && (
                  <Button size="sm" variant="secondary" onClick={() => setAfter(undefined)}>
                    Newest
                  </Button>
                )}
                {d.csCosts.pageInfo.hasNextPage && (
                  <Button
                    size="sm"
                    variant="secondary"
                    onClick={() => setAfter(d.csCosts.pageInfo.endCursor ?? undefined)}
                  >
                    Older
                  </Button>
                )}
              </div>
            </div>
          )}
        </QueryState>
      </Section>
    </div>
  );
}

function CostForm({ onRecorded }: { onRecorded: () => void }) {
  const [periodStart, setStart] = useState('');
  const [periodEnd, setEnd] = useState('');
  const [amount, setAmount] = useState('');
  const [category, setCategory] = useState<CsCostCategory>('STAFF');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const record = useApiMutation(
    (amountCents: number) =>
      gqlRequest(RecordCsCostMutation, {
        input: { periodStart, periodEnd, amountCents, category, note: note.trim() || null },
      }),
    {
      invalidate: [['settings', 'costs']],
      onSuccess: () => {
        setAmount('');
        setNote('');
        onRecorded();
      },
    },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const cents = parseCents(amount);
    // What the browser cannot send (an empty date, an unreadable amount) is said here; the rest is the API's rule
    // (the period's order and length, the amount's range, the note), shown beside the same fields.
    const problems: Record<string, string> = {};
    if (!periodStart) problems.periodStart = 'Choose the first day covered';
    if (!periodEnd) problems.periodEnd = 'Choose the day after the last day covered';
    if (cents === null) problems.amountCents = 'Enter an amount in dollars, e.g. 12500 or 12,500.50';
    setLocal(problems);
    if (cents !== null && Object.keys(problems).length === 0) record.mutate(cents);
  };
  const fe = { ...record.fieldErrors, ...local };
  return (
    <form onSubmit={submit} aria-label="Record a CS cost" noValidate className="grid gap-3 sm:grid-cols-4">
      <Field label="From" hint="First day covered." error={fe.periodStart}>
        {(ids) => <Input {...ids} type="date" value={periodStart} onChange={(e) => setStart(e.target.value)} />}
      </Field>
      <Field label="To (exclusive)" hint="The day after the last day covered." error={fe.periodEnd}>
        {(ids) => <Input {...ids} type="date" value={periodEnd} onChange={(e) => setEnd(e.target.value)} />}
      </Field>
      <Field label="Amount (USD)" error={fe.amountCents}>
        {(ids) => <Input {...ids} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />}
      </Field>
      <Field label="Category" error={fe.category}>
        {(ids) => (
          <Select
            {...ids}
            value={category}
            onChange={(c) => c && setCategory(c as CsCostCategory)}
            options={CATEGORY_OPTIONS}
          />
        )}
      </Field>
      <Field label="Note (optional)" error={fe.note} className="sm:col-span-3">
        {(ids) => <Textarea {...ids} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <div className="flex items-end">
        <Button type="submit" disabled={record.isPending}>
          {record.isPending ? 'Recording…' : 'Record cost'}
        </Button>
      </div>
      <div className="sm:col-span-4">
        <FormError error={record.formError} />
      </div>
    </form>
  );
}
