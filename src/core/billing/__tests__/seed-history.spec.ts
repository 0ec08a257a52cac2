import { seedHistory } from '../mrr';
import { parseSubscription } from '../subscription';

const ts = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
const at = (iso: string) => new Date(iso);
const coupon = (c: Record<string, unknown>) => ({ id: 'co_1', object: 'coupon', currency: 'usd', ...c });

/** A current-shape subscription of one monthly item of 1000 × quantity. */
function sub(over: Record<string, unknown> = {}, quantity = 1) {
  return {
    id: 'sub_seed1',
    object: 'subscription',
    customer: 'cus_seed1',
    status: 'active',
    currency: 'usd',
    items: {
      object: 'list',
      data: [
        {
          id: 'si_seed1',
          quantity,
          price: {
            id: 'price_x',
            currency: 'usd',
            unit_amount: 1000,
            recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' },
          },
        },
      ],
    },
    ...over,
  };
}

describe('seedHistory (import of an export: current state only)', () => {
  const asOf = at('2026-06-01T00:00:00Z');
  const base = { start_date: ts('2026-01-01T00:00:00Z'), created: ts('2026-01-01T00:00:00Z') };

  it('active: the current price from the start (3 × 1000 = 3000 from Jan 1)', () => {
    const s = parseSubscription(sub(base, 3));
    expect(seedHistory(s, asOf, 'period_end')).toEqual([{ at: at('2026-01-01T00:00:00Z'), mrrCents: 3000 }]);
  });

  it('a past trial: 0 from the start, paid from the trial end', () => {
    const s = parseSubscription(sub({ ...base, trial_end: ts('2026-01-15T00:00:00Z') }));
    expect(seedHistory(s, asOf, 'period_end')).toEqual([
      { at: at('2026-01-01T00:00:00Z'), mrrCents: 0 },
      { at: at('2026-01-15T00:00:00Z'), mrrCents: 1000 },
    ]);
  });

  it('canceled: paid from the start until ended_at, then 0', () => {
    const s = parseSubscription(sub({ ...base, status: 'canceled', ended_at: ts('2026-04-01T00:00:00Z') }));
    expect(seedHistory(s, asOf, 'period_end')).toEqual([
      { at: at('2026-01-01T00:00:00Z'), mrrCents: 1000 },
      { at: at('2026-04-01T00:00:00Z'), mrrCents: 0 },
    ]);
  });

  it('a repeating 50 % discount for 2 months from the start: 500 until Mar 1, then 1000', () => {
    const s = parseSubscription(
      sub({
        ...base,
        discounts: [
          {
            id: 'di_s',
            coupon: coupon({ percent_off: 50, duration: 'repeating', duration_in_months: 2 }),
            start: ts('2026-01-01T00:00:00Z'),
          },
        ],
      }),
    );
    expect(seedHistory(s, asOf, 'period_end')).toEqual([
      { at: at('2026-01-01T00:00:00Z'), mrrCents: 500 },
      { at: at('2026-03-01T00:00:00Z'), mrrCents: 1000 },
    ]);
  });

  it('trialing now: 0 from the start; incomplete: nothing', () => {
    expect(seedHistory(parseSubscription(sub({ ...base, status: 'trialing' })), asOf, 'period_end')).toEqual([
      { at: at('2026-01-01T00:00:00Z'), mrrCents: 0 },
    ]);
    expect(seedHistory(parseSubscription(sub({ ...base, status: 'incomplete' })), asOf, 'period_end')).toEqual([]);
  });
});
