import { formatInt } from '@/lib/format';
import { Section } from '@/components/page-header';
import { EmptyState } from '@/components/states';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { AccountData } from './account.graphql';

type Usage = AccountData['usage30'][number];

/** One row per signal type with its counts over 30, 90 and 180 days (types seen in any window). */
export function usageRows(a: Pick<AccountData, 'usage30' | 'usage90' | 'usage180'>) {
  const rows = new Map<string, { type: string; d30?: Usage; d90?: Usage; d180?: Usage }>();
  const add = (list: Usage[], key: 'd30' | 'd90' | 'd180') => {
    for (const u of list) rows.set(u.type, { ...(rows.get(u.type) ?? { type: u.type }), [key]: u });
  };
  add(a.usage30, 'd30');
  add(a.usage90, 'd90');
  add(a.usage180, 'd180');
  return [...rows.values()].sort((x, y) => (y.d90?.count ?? 0) - (x.d90?.count ?? 0));
}

/** "+12 %" against the period of the same length just before; nothing when there was none. */
function change(u: Usage | undefined): string | null {
  if (!u || u.previousCount === 0) return null;
  const pct = Math.round(((u.count - u.previousCount) / u.previousCount) * 100);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)} %`;
}

function Cell({ u }: { u: Usage | undefined }) {
  const c = change(u);
  return (
    <Td className="text-right tabular-nums">
      {formatInt(u?.count ?? 0)}
      {u && <span className="block text-xs text-slate-600">{formatInt(u.activeDays)} active days</span>}
      {c && <span className="block text-xs text-slate-600">{c} vs the period before</span>}
    </Td>
  );
}

export function UsagePanel({ account }: { account: AccountData }) {
  const rows = usageRows(account);
  return (
    <Section title="Usage by type">
      {rows.length === 0 ? (
        <EmptyState title="No usage in the last 180 days">
          Send product events to /ingest/signals or connect a source; they show here within minutes.
        </EmptyState>
      ) : (
        <Table>
          <caption className="sr-only">Events per type over the last 30, 90 and 180 days</caption>
          <thead>
            <tr>
              <Th>Type</Th>
              <Th className="text-right">30 days</Th>
              <Th className="text-right">90 days</Th>
              <Th className="text-right">180 days</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Tr key={r.type}>
                <Td className="font-mono text-xs">{r.type}</Td>
                <Cell u={r.d30} />
                <Cell u={r.d90} />
                <Cell u={r.d180} />
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Section>
  );
}
