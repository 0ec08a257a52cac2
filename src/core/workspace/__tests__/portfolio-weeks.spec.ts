import { bandWorsened, isDecline, isoWeekStart, portfolioWeekStarts } from '../portfolio-weeks';

describe('portfolio weeks', () => {
  it('an ISO week starts on Monday (UTC)', () => {
    expect(isoWeekStart('2026-12-05')).toBe('2026-11-30'); // a Saturday
    expect(isoWeekStart('2026-11-30')).toBe('2026-11-30'); // the Monday itself
    expect(isoWeekStart('2026-12-06')).toBe('2026-11-30'); // the Sunday ends it
    expect(isoWeekStart('2027-01-01')).toBe('2026-12-28'); // across a year end
  });

  it('lists the last N Mondays, oldest first, ending with this week', () => {
    expect(portfolioWeekStarts('2026-12-05', 3)).toEqual(['2026-11-16', '2026-11-23', '2026-11-30']);
    expect(portfolioWeekStarts('2026-12-05', 26)).toHaveLength(26);
    expect(portfolioWeekStarts('2026-12-05', 26)[0]).toBe('2026-06-08');
    expect(() => portfolioWeekStarts('2026-12-05', 0)).toThrow(RangeError);
    expect(() => portfolioWeekStarts('2026-12-05', 105)).toThrow(RangeError);
    expect(() => portfolioWeekStarts('2026-12-05', 2.5)).toThrow(RangeError);
  });

  it('a band worsens GREEN → YELLOW → RED; UNKNOWN is not ranked', () => {
    expect(bandWorsened('GREEN', 'YELLOW')).toBe(true);
    expect(bandWorsened('GREEN', 'RED')).toBe(true);
    expect(bandWorsened('YELLOW', 'RED')).toBe(true);
    expect(bandWorsened('RED', 'YELLOW')).toBe(false);
    expect(bandWorsened('GREEN', 'GREEN')).toBe(false);
    expect(bandWorsened('UNKNOWN', 'RED')).toBe(false);
    expect(bandWorsened('GREEN', 'UNKNOWN')).toBe(false);
    expect(bandWorsened(null, 'RED')).toBe(false);
  });

  it('a decline is a fall of 10 points or more, or a worse band', () => {
    expect(isDecline({ score: 72, band: 'GREEN' }, { score: 62, band: 'GREEN' })).toBe(true); // exactly 10
    expect(isDecline({ score: 72, band: 'GREEN' }, { score: 62.5, band: 'GREEN' })).toBe(false); // 9.5
    expect(isDecline({ score: 71, band: 'GREEN' }, { score: 69, band: 'YELLOW' })).toBe(true); // 2 points, worse band
    expect(isDecline({ score: null, band: 'UNKNOWN' }, { score: 10, band: 'RED' })).toBe(false);
  });
});
