import { describe, expect, it } from 'vitest';
import {
  calendarPeriod,
  lastComplete,
  periodLabel,
  previousPeriod,
  recentStarts,
  trendPeriods,
} from './retention-period';
import { resolvePeriod, validateRetentionSearch } from './retention-search';
import { describeChange, formatFigure, TILES } from './retention-tiles';

const NOW = new Date('2026-12-05T10:00:00Z');

describe('retention periods', () => {
  it('snaps a calendar period to its unit and steps back one unit for the comparison', () => {
    expect(calendarPeriod('quarter', '2026-08-17')).toEqual({ from: '2026-07-01', to: '2026-10-01' });
    expect(previousPeriod('quarter', { from: '2026-01-01', to: '2026-04-01' })).toEqual({
      from: '2025-10-01',
      to: '2026-01-01',
    });
    expect(previousPeriod('month', { from: '2026-03-01', to: '2026-04-01' })).toEqual({
      from: '2026-02-01',
      to: '2026-03-01',
    });
    expect(previousPeriod('year', calendarPeriod('year', '2025-06-01'))).toEqual({
      from: '2024-01-01',
      to: '2025-01-01',
    });
  });

  it('compares a custom range with the same number of days just before it', () => {
    // [2025-02-10, 2025-05-20) is 99 days; 99 days before 2025-02-10 is 2024-11-03.
    expect(previousPeriod('custom', { from: '2025-02-10', to: '2025-05-20' })).toEqual({
      from: '2024-11-03',
      to: '2025-02-10',
    });
  });

  it('defaults to the last complete unit, lists recent ones and the trend buckets', () => {
    expect(lastComplete('quarter', NOW)).toEqual({ from: '2026-07-01', to: '2026-10-01' });
    expect(lastComplete('month', NOW)).toEqual({ from: '2026-11-01', to: '2026-12-01' });
    expect(recentStarts('quarter', NOW, 3)).toEqual(['2026-10-01', '2026-07-01', '2026-04-01']);
    const months = trendPeriods('month', '2026-10-01');
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ from: '2025-10-01', to: '2025-11-01' });
    expect(months[11]).toEqual({ from: '2026-09-01', to: '2026-10-01' });
    const quarters = trendPeriods('quarter', '2026-10-01');
    expect(quarters).toHaveLength(8);
    expect(quarters[0]).toEqual({ from: '2024-10-01', to: '2025-01-01' });
    expect(quarters[7]).toEqual({ from: '2026-07-01', to: '2026-10-01' });
    expect(periodLabel('quarter', { from: '2026-07-01', to: '2026-10-01' })).toBe('Q3 2026');
    expect(periodLabel('custom', { from: '2025-02-10', to: '2025-05-20' })).toBe('Feb 10, 2025 – May 19, 2025');
  });

  it('reads the URL: bad values fall back to the last complete quarter', () => {
    const s = validateRetentionSearch({ period: 'week', start: '2026-13-40', segment: '  SMB ', trend: 'quarter' });
    expect(s).toMatchObject({ period: undefined, start: undefined, segment: 'SMB', trend: 'quarter' });
    expect(resolvePeriod(s, NOW).period).toEqual({ from: '2026-07-01', to: '2026-10-01' });
    const inverted = resolvePeriod({ period: 'custom', from: '2025-05-01', to: '2025-04-01' }, NOW);
    expect(inverted.period).toEqual({ from: '2026-07-01', to: '2026-10-01' });
  });
});

describe('tile changes', () => {
  const churn = TILES.find((t) => t.figure === 'churnRate')!;
  const arr = TILES.find((t) => t.figure === 'arr')!;
  it('says a rate moved in points and whether that is good news', () => {
    // 9.1 % after 10.8 %: down 1.7 points, good for churn.
    expect(describeChange(churn, 9.1, 10.8)).toEqual({ text: 'down 1.7 points', direction: 'down', good: true });
    expect(describeChange(churn, 5, 5)).toEqual({ text: 'no change', direction: 'flat', good: null });
    expect(describeChange(churn, null, 5)).toBeNull();
  });
  it('says money moved relatively', () => {
    // 1,100,000 after 1,000,000 cents: up 10 %.
    expect(describeChange(arr, 1_100_000, 1_000_000)).toEqual({ text: 'up 10%', direction: 'up', good: true });
    expect(formatFigure('pct', 95.25)).toBe('95.3%');
    expect(formatFigure('pct', null)).toBe('—');
    expect(formatFigure('ratio', 5.3712)).toBe('5.37');
  });
});
