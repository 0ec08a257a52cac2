import { Link } from '@tanstack/react-router';
import type { MyDayQuery as MyDayData, RedFlagType } from '@/gql/graphql';
import { formatDay, formatInt, formatMoney, formatScore } from '@/lib/format';
import { flagLabel } from '@/lib/explain';
import { BandBadge, RiskBadge } from '@/components/band-badge';
import { Section } from '@/components/page-header';
import { DateTime } from '@/components/date-time';
import { EmptyState } from '@/components/states';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { TaskGroups } from '../tasks/task-groups';

type Day = MyDayData['myDay'];
type Change = Day['changes'][number];

export function BookTotals({ day, ownerId }: { day: Day; ownerId?: string }) {
  const t = day.totals;
  const tiles = [
    { label: 'Accounts', value: formatInt(t.accounts) },
    { label: 'MRR', value: formatMoney(t.mrrCents), sub: `ARR ${formatMoney(t.arrCents)}` },
  ];
  const bands = [
    { band: 'RED' as const, count: t.bands.red },
    { band: 'YELLOW' as const, count: t.bands.yellow },
    { band: 'GREEN' as const, count: t.bands.green },
  ];
  return (
    <section aria-label="Book totals" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
      {tiles.map((tile) => (
        <div key={tile.label} className="rounded-lg border border-slate-200 bg-white p-4">
          <p className="text-sm text-slate-600">{tile.label}</p>
          <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{tile.value}</p>
          {tile.sub && <p className="text-xs text-slate-600">{tile.sub}</p>}
        </div>
      ))}
      {bands.map((b) => (
        <Link
          key={b.band}
          to="/accounts"
          search={{ band: b.band, owner: ownerId }}
          className="rounded-lg border border-slate-200 bg-white p-4 hover:border-blue-400"
          aria-label={`${formatInt(b.count)} ${b.band.toLowerCase()} accounts: open the list`}
        >
          <p className="text-sm text-slate-600">
            <BandBadge band={b.band} /> accounts
          </p>
          <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{formatInt(b.count)}</p>
        </Link>
      ))}
    </section>
  );
}

/** What changed, in words: "Score 62 → 48", "New flag: Dormant", "Risk medium → high (64 %)". */
export function changeHeadline(c: Change): string {
  switch (c.kind) {
    case 'SCORE_DROP':
      return `Score fell ${formatScore(c.scoreFrom)} → ${formatScore(c.scoreTo)} in 7 days`;
    case 'NEW_RED_FLAG':
      return `New red flag: ${c.flagType ? flagLabel(c.flagType as RedFlagType) : 'flag'}`;
    case 'RISK_UP':
      return `Churn risk up: ${(c.riskBandFrom ?? 'none').toLowerCase()} → ${(c.riskBandTo ?? '?').toLowerCase()}${
        c.riskProbability !== null && c.riskProbability !== undefined
          ? ` (${Math.round(c.riskProbability * 100)} %)`
          : ''
      }`;
  }
}

export function WhatChangedSection({ day, showOwner }: { day: Day; showOwner: boolean }) {
  return (
    <Section title={`What changed in 7 days (${formatInt(day.changes.length)})`}>
      {day.changes.length === 0 ? (
        <EmptyState title="Nothing slipped this week">
          No score fell 10 points, no red flag was raised and no churn risk went up in the last 7 days.
        </EmptyState>
      ) : (
        <ul
          tabIndex={0}
          aria-label="Changes, newest first"
          className="max-h-[28rem] divide-y divide-slate-100 overflow-y-auto"
        >
          {day.changes.map((c) => (
            <li
              key={`${c.account.id}-${c.kind}-${c.flagType ?? ''}`}
              className="flex items-start justify-between gap-3 py-2"
            >
              <div className="min-w-0">
                <Link
                  to="/accounts/$accountId"
                  params={{ accountId: c.account.id }}
                  className="font-medium text-blue-800 underline-offset-2 hover:underline"
                >
                  {c.account.name}
                </Link>
                {showOwner && (
                  <span className="text-sm text-slate-600"> · {c.account.owner?.name ?? 'Unassigned'}</span>
                )}
                <p className="text-sm text-slate-800">
                  {changeHeadline(c)} · <DateTime value={c.occurredAt} mode="relative" />
                </p>
                {c.reason && <p className="text-sm text-slate-600">Why: {c.reason}</p>}
              </div>
              {c.account.health && <BandBadge band={c.account.health.band} />}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function TasksDueSection({ day }: { day: Day }) {
  const tasks = [...day.overdueTasks, ...day.dueTodayTasks];
  const more = day.overdueCount + day.dueTodayCount - tasks.length;
  return (
    <Section
      title={`Tasks overdue (${formatInt(day.overdueCount)}) and due today (${formatInt(day.dueTodayCount)})`}
      actions={
        <Link to="/tasks" className="text-sm font-medium text-blue-800 underline">
          All tasks
        </Link>
      }
    >
      <TaskGroups
        tasks={tasks}
        compact
        empty={
          <EmptyState title="Nothing due today">
            Plan ahead on the Tasks page, or open an account to add one.
          </EmptyState>
        }
      />
      {more > 0 && <p className="mt-2 text-sm text-slate-600">And {formatInt(more)} more on the Tasks page.</p>}
    </Section>
  );
}

export function RenewalsSection({ day, ownerId, showOwner }: { day: Day; ownerId?: string; showOwner: boolean }) {
  const rows = day.renewals;
  return (
    <Section
      title={`Renewals in the next 90 days (${formatInt(day.renewalsCount)})`}
      actions={
        day.renewalsCount > rows.length && (
          <Link
            to="/accounts"
            search={{ renewal: 90, sort: 'RENEWAL_ASC', owner: ownerId }}
            className="text-sm font-medium text-blue-800 underline"
          >
            All {formatInt(day.renewalsCount)} renewals
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
          <caption className="sr-only">Renewals in the next 90 days, soonest first</caption>
          <thead>
            <tr>
              <Th>Account</Th>
              <Th>Renewal</Th>
              <Th className="text-right">MRR</Th>
              <Th>Health</Th>
              <Th>Risk</Th>
              {showOwner && <Th>Owner</Th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Tr key={r.account.id}>
                <Td>
                  <Link
                    to="/accounts/$accountId"
                    params={{ accountId: r.account.id }}
                    className="font-medium text-blue-800 hover:underline"
                  >
                    {r.account.name}
                  </Link>
                </Td>
                <Td>
                  {formatDay(r.renewalDate)} <span className="text-slate-600">(in {formatInt(r.daysToRenewal)} d)</span>
                </Td>
                <Td className="text-right tabular-nums">{formatMoney(r.account.mrrCents)}</Td>
                <Td>
                  <span className="flex items-center gap-2">
                    <BandBadge band={r.band} />
                    <span className="tabular-nums">{formatScore(r.score)}</span>
                  </span>
                </Td>
                <Td>
                  <RiskBadge band={r.riskBand} />
                </Td>
                {showOwner && <Td>{r.account.owner?.name ?? 'Unassigned'}</Td>}
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Section>
  );
}
