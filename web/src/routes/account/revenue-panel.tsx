import { formatMoney, humanize } from '@/lib/format';
import { DateTime } from '@/components/date-time';
import { Section } from '@/components/page-header';
import { Badge } from '@/components/ui/badge';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { AccountData } from './account.graphql';
import { MrrChart } from './lazy-charts';

const TONE = { NEW: 'blue', EXPANSION: 'green', REACTIVATION: 'green', CONTRACTION: 'yellow', CHURN: 'red' } as const;

export function RevenuePanel({ account }: { account: AccountData }) {
  const ledger = [...account.mrrHistory].reverse();
  return (
    <Section title="MRR">
      <MrrChart movements={account.mrrHistory} />
      <h3 className="mt-4 mb-1 text-sm font-semibold text-slate-800">Ledger</h3>
      {ledger.length === 0 ? (
        <p className="text-sm text-slate-700">No movements.</p>
      ) : (
        <Table>
          <caption className="sr-only">MRR movements, newest first</caption>
          <thead>
            <tr>
              <Th>Date</Th>
              <Th>Movement</Th>
              <Th className="text-right">Amount</Th>
              <Th className="text-right">MRR before</Th>
              <Th className="text-right">MRR after</Th>
            </tr>
          </thead>
          <tbody>
            {ledger.map((m) => (
              <Tr key={m.id}>
                <Td>
                  <DateTime value={m.effectiveAt} mode="date" />
                </Td>
                <Td>
                  <Badge tone={TONE[m.type]}>{humanize(m.type)}</Badge>
                </Td>
                <Td className="text-right tabular-nums">
                  {m.type === 'CHURN' || m.type === 'CONTRACTION' ? '−' : '+'}
                  {formatMoney(m.amountCents)}
                </Td>
                <Td className="text-right tabular-nums">{formatMoney(m.mrrBeforeCents)}</Td>
                <Td className="text-right tabular-nums">{formatMoney(m.mrrAfterCents)}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Section>
  );
}
