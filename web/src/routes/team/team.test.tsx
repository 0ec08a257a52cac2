import { describe, expect, it } from 'vitest';
import { lastMonths, periodLabel, periodRange, validateTeamSearch } from './team-search';
import { SCORECARD_COLUMNS, type ScorecardRow } from './scorecard-columns';
import { sortRows } from '@/components/cockpit/data-table';

const NOW = new Date('2026-12-05T10:00:00Z');

describe('CSM scorecard periods', () => {
  it('a calendar month, quarter or year (UTC), this one or some back, half-open', () => {
    expect(periodRange('month', 0, NOW)).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(periodRange('month', 12, NOW)).toEqual({ from: '2025-12-01', to: '2026-01-01' });
    expect(periodRange('quarter', 0, NOW)).toEqual({ from: '2026-10-01', to: '2027-01-01' });
    expect(periodRange('quarter', 1, NOW)).toEqual({ from: '2026-07-01', to: '2026-10-01' });
    expect(periodRange('quarter', 4, NOW)).toEqual({ from: '2025-10-01', to: '2026-01-01' });
    expect(periodRange('year', 1, NOW)).toEqual({ from: '2025-01-01', to: '2026-01-01' });
    expect(periodLabel('quarter', 0)).toBe('This quarter');
    expect(periodLabel('year', 1)).toBe('Last year');
  });

  it('the last 12 months end with this one, oldest first', () => {
    const months = lastMonths(12, NOW);
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ from: '2026-01-01', to: '2026-02-01' });
    expect(months[11]).toEqual({ from: '2026-12-01', to: '2027-01-01' });
  });

  it('keeps known URL values only', () => {
    expect(validateTeamSearch({ period: 'year', back: '2' })).toEqual({ period: 'year', back: 2 });
    expect(validateTeamSearch({ period: 'week', back: '99' })).toEqual({ period: undefined, back: undefined });
  });
});

describe('scorecard columns', () => {
  const row = (name: string, mrr: number, onTime: number | null, crc: number | null): ScorecardRow =>
    ({
      owner: { id: name, name, email: `${name}@x` },
      accounts: 1,
      activeCustomers: 1,
      mrrCents: mrr,
      nrr: 100,
      grr: 90,
      churnedMrrCents: 0,
      healthMix: { green: 1, yellow: 2, red: 3, unknown: 0 },
      tasksCompleted: 2,
      tasksCompletedOnTime: 1,
      onTimeShare: onTime,
      tasksOverdue: 0,
      customersServed: 1,
      csCostCents: crc,
      crcCents: crc,
    });
  const rows = [row('Al', 50_000, 50, null), row('Bea', 120_000, null, 3_334), row('Cy', 90_000, 100, 1_000)];

  it('sorts by the raw figures (money in dollars), missing values last', () => {
    const by = (key: string, dir: 'asc' | 'desc') =>
      sortRows(rows, SCORECARD_COLUMNS, { key, dir }).map((r) => r.owner.name);
    expect(by('mrr', 'desc')).toEqual(['Bea', 'Cy', 'Al']);
    expect(by('ontime', 'asc')).toEqual(['Al', 'Cy', 'Bea']);
    expect(by('crc', 'asc')).toEqual(['Cy', 'Bea', 'Al']);
    const mrr = SCORECARD_COLUMNS.find((c) => c.key === 'mrr')!;
    expect(mrr.value(rows[1])).toBe(1_200);
    const health = SCORECARD_COLUMNS.find((c) => c.key === 'health')!;
    expect(health.value(rows[0])).toBe('1 / 2 / 3 / 0');
  });
});
