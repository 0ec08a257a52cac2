import { Link } from '@tanstack/react-router';
import type { MyDayQuery as MyDayData, MyDayAccountFragment } from '@/gql/graphql';
import { formatDay, formatDelta, formatInt, formatMoney, formatScore, daysUntil } from '@/lib/format';
import { flagLabel, topReason, driverSentence } from '@/lib/explain';
import { BandBadge, RiskBadge } from '@/components/band-badge';
import { Section } from '@/components/page-header';
import { EmptyState } from '@/components/states';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { TaskGroups } from '../tasks/task-groups';

const WEEK_MS = 7 * 86_400_000;

export function BookTotals({ data, ownerId }: { data: MyDayData; ownerId?: string }) {
  const rows = ownerId ? data.scorecard.filter((r) => r.owner.id === ownerId) : data.scorecard;
  const mrr = rows.reduce((sum, r) => sum + r.mrrCents, 0);
  const tiles = [
    { label: 'Active accounts', value: formatInt(data.book.totalCount) },
    { label: 'MRR', value: formatMoney(mrr) },
  ];
  const bands = [
    { band: 'RED' as const, count: data.red.totalCount },
    { band: 'YELLOW' as const, count: data.yellow.totalCount },
    { band: 'GREEN' as const, count: data.green.totalCount },
  ];
  return (
    <section aria-label="Book totals" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
      {tiles.map((t) => (
        <div key={t.label} className="rounded-lg border border-slate-200 bg-white p-4">
          <p className="text-sm text-slate-600">{t.label}</p>
          <p className="mt-1 text-2xl font-semibold text-slate-900">{t.value}</p>
        </div>
      ))}
      {bands.map((b) => (
        <Link
          key={b.band}
          to="/accounts"
          search={{ band: b.band }}
          className="rounded-lg border border-slate-200 bg-white p-4 hover:border-blue-400"
        >
          <p className="text-sm text-slate-600">
            <BandBadge band={b.band} /> accounts
          </p>
          <p className="mt-1 text-2xl font-semibold text-slate-900">{formatInt(b.count)}</p>
        </Link>
      ))}
    </section>
  );
}

interface Change {
  account: MyDayAccountFragment;
  what: string;
  why: string | null;
}

/** Score fell ≥ 10 points in 7 days, a red flag raised in the last 7 days, or churn risk now HIGH. */
export function whatChanged(data: MyDayData, now = Date.now()): Change[] {
  const seen = new Set<string>();
  const out: Change[] = [];
  for (const { node } of data.declining.edges) {
    const delta = node.health?.trend.delta7d;
    const newFlag = node.health?.flags.find((f) => now - new Date(f.since).getTime() < WEEK_MS);
    if (delta !== null && delta !== undefined && delta <= -10) {
      out.push({ account: node, what: `Score ${formatDelta(delta)} in 7 days`, why: topReason(node) });
      seen.add(node.id);
    } else if (newFlag) {
      out.push({ account: node, what: `New flag: ${flagLabel(newFlag.type)}`, why: newFlag.evidence });
      seen.add(node.id);
    }
  }
  for (const { node } of data.highRisk.edges) {
    if (seen.has(node.id) || !node.risk) continue;
    const driver = node.risk.drivers[0];
    out.push({
      account: node,
      what: `High churn risk (${Math.round(node.risk.probability * 100)} %)`,
      why: driver ? driverSentence(driver, node.risk.method, node.risk.probability) : topReason(node),
    });
  }
  return out;
}

export function WhatChangedSection({ data }: { data: MyDayData }) {
  const changes = whatChanged(data);
  return (
    <Section title="What changed">
      {changes.length === 0 ? (
        <EmptyState title="Nothing slipped this week">
          No account lost 10 points, raised a red flag or became high-risk in the last 7 days.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {changes.slice(0, 12).map((c) => (
            <li key={c.account.id + c.what} className="flex items-start justify-between gap-3 py-2">
              <div className="min-w-0">
                <Link
                  to="/accounts/$accountId"
                  params={{ accountId: c.account.id }}
                  className="font-medium text-blue-800 underline-offset-2 hover:underline"
                >
                  {c.account.name}
                </Link>
                <p className="text-sm text-slate-800">{c.what}</p>
                {c.why && <p className="text-sm text-slate-600">Why: {c.why}</p>}
              </div>
              {c.account.health && <BandBadge band={c.account.health.band} />}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function TasksDueSection({ data }: { data: MyDayData }) {
  const endOfToday = new Date();
  endOfToday.setHours(24, 0, 0, 0);
  const due = data.tasks.edges.map((e) => e.node).filter((t) => new Date(t.dueAt) < endOfToday);
  return (
    <Section
      title="Tasks overdue and due today"
      actions={
        <Link to="/tasks" className="text-sm font-medium text-blue-800 underline">
          All tasks
        </Link>
      }
    >
      {due.length === 0 ? (
        <EmptyState title="Nothing due today">Plan ahead on the Tasks page, or open an account to add one.</EmptyState>
      ) : (
        <TaskGroups tasks={due} compact />
      )}
    </Section>
  );
}

export function RenewalsSection({ data }: { data: MyDayData }) {
  const rows = data.renewals.edges.map((e) => e.node).filter((a) => a.renewalDate && daysUntil(a.renewalDate) >= 0);
  return (
    <Section
      title={`Renewals in the next 90 days (${formatInt(data.renewals.totalCount)})`}
      actions={
        data.renewals.totalCount > rows.length && (
          <Link
            to="/accounts"
            search={{ renewal: 90, sort: 'RENEWAL_ASC', status: 'ACTIVE' }}
            className="text-sm font-medium text-blue-800 underline"
          >
            All {formatInt(data.renewals.totalCount)} renewals
          </Link>
        )
      }
    >
      {rows.length === 0 ? (
        <EmptyState title="No renewals in the next 90 days">
          Accounts appear here once their renewal date is within 90 days; set it on the account.
        </EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Account</Th>
              <Th>Renewal</Th>
              <Th className="text-right">MRR</Th>
              <Th>Health</Th>
              <Th>Risk</Th>
              <Th>Owner</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <Tr key={a.id}>
                <Td>
                  <Link
                    to="/accounts/$accountId"
                    params={{ accountId: a.id }}
                    className="font-medium text-blue-800 hover:underline"
                  >
                    {a.name}
                  </Link>
                </Td>
                <Td>
                  {formatDay(a.renewalDate)}{' '}
                  <span className="text-slate-600">(in {formatInt(daysUntil(a.renewalDate ?? ''))} d)</span>
                </Td>
                <Td className="text-right tabular-nums">{formatMoney(a.mrrCents)}</Td>
                <Td>
                  {a.health ? (
                    <span className="flex items-center gap-2">
                      <BandBadge band={a.health.band} />
                      <span className="tabular-nums">{formatScore(a.health.score)}</span>
                    </span>
                  ) : (
                    '—'
                  )}
                </Td>
                <Td>
                  <RiskBadge band={a.risk?.band} />
                </Td>
                <Td>{a.owner?.name ?? 'Unassigned'}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Section>
  );
}
