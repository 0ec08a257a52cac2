import { formatInt } from '@/lib/format';
import { Section } from '@/components/page-header';
import { EmptyState } from '@/components/states';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { AccountData } from './account-summary';

/** Events per signal type over the last 30, 90 and 180 days, from the daily rollups. */
export function usageByType(usage: AccountData['usage'], now = new Date()) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const rows = new Map<string, { type: string; d30: number; d90: number; d180: number }>();
  for (const u of usage) {
    const age = (today - Date.parse(`${u.day}T00:00:00Z`)) / 86_400_000;
    const row = rows.get(u.type) ?? { type: u.type, d30: 0, d90: 0, d180: 0 };
    if (age < 30) row.d30 += u.count;
    if (age < 90) row.d90 += u.count;
    if (age < 180) row.d180 += u.count;
    rows.set(u.type, row);
  }
  return [...rows.values()].sort((a, b) => b.d90 - a.d90);
}

export function UsagePanel({ account }: { account: AccountData }) {
  const rows = usageByType(account.usage);
  return (
    <Section title="Usage by type">
      {rows.length === 0 ? (
        <EmptyState title="No usage recorded">
          Send product events to /ingest/signals or through a connector.
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
                <Td className="text-right tabular-nums">{formatInt(r.d30)}</Td>
                <Td className="text-right tabular-nums">{formatInt(r.d90)}</Td>
                <Td className="text-right tabular-nums">{formatInt(r.d180)}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Section>
  );
}
