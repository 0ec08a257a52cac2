import {
  accountStatements,
  addMonths,
  billedQuantity,
  contributionFrom,
  itemIntervalAmount,
  subscriptionMrrAt,
  toLedgerCurrency,
  toMonthly,
} from '../mrr';
import { BillingRejection, parseSubscription } from '../subscription';
import { describeWithStripeFixtures, djStripeSubscription, openApiResource } from './stripe-fixtures';

const ts = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
const at = (iso: string) => new Date(iso);

/** A current-shape (2025-03-31+) subscription: period on the items. */
function sub(over: Record<string, unknown> = {}, items: Array<Record<string, unknown>> = [item()]) {
  return {
    id: 'sub_test1',
    object: 'subscription',
    customer: 'cus_test1',
    status: 'active',
    currency: 'usd',
    cancel_at_period_end: false,
    cancel_at: null,
    discounts: [],
    items: { object: 'list', data: items },
    ...over,
  };
}

function item(price: Record<string, unknown> = {}, over: Record<string, unknown> = {}) {
  const { recurring, ...rest } = price;
  return {
    id: `si_${Math.random().toString(36).slice(2, 10)}`,
    object: 'subscription_item',
    quantity: 1,
    current_period_start: ts('2026-01-01T00:00:00Z'),
    current_period_end: ts('2026-02-01T00:00:00Z'),
    discounts: [],
    price: {
      id: 'price_x',
      object: 'price',
      currency: 'usd',
      billing_scheme: 'per_unit',
      unit_amount: 1000,
      recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed', ...(recurring as object) },
      ...rest,
    },
    ...over,
  };
}

const coupon = (c: Record<string, unknown>) => ({ id: 'co_1', object: 'coupon', currency: 'usd', ...c });
const NOW = at('2026-01-15T00:00:00Z');
const mrr = (raw: unknown, t = NOW, policy: 'period_end' | 'request' = 'period_end') =>
  subscriptionMrrAt(parseSubscription(raw), t, policy);

describe('normalising to a month', () => {
  it.each([
    // amount, interval, count, monthly — worked by hand
    [1000, 'month', 1, 1000],
    [12000, 'year', 1, 1000], // 12000 / 12
    [100, 'day', 1, 3041.6666666666665], // 100 × 365 / 12
    [700, 'week', 1, 3033.3333333333335], // 700 × 52 / 12
    [3000, 'month', 3, 1000], // quarterly: 3000 / 3
    [24000, 'year', 2, 1000], // 24000 / 12 / 2
    [1400, 'week', 2, 3033.3333333333335], // 1400 × 52 / 12 / 2
  ] as const)('%i per %i %s → %d a month', (amount, interval, count, monthly) => {
    expect(toMonthly(amount, interval, count)).toBeCloseTo(monthly, 9);
  });

  it('rounds once per subscription: three yearly items of 1000 are 250, not 3 × 83', () => {
    // 3 × 1000 / 12 = 250 exactly; rounding each item would give 3 × 83 = 249.
    const s = sub(
      {},
      [1, 2, 3].map(() => item({ unit_amount: 1000, recurring: { interval: 'year' } })),
    );
    expect(mrr(s)).toBe(250);
  });

  it('a weekly price of 999 × 3 seats: 999 × 3 × 52 / 12 = 12987 cents', () => {
    expect(mrr(sub({}, [item({ unit_amount: 999, recurring: { interval: 'week' } }, { quantity: 3 })]))).toBe(12987);
  });
});

describe('what counts', () => {
  it('sums licensed items × quantity and leaves metered items out', () => {
    const s = sub({}, [
      item({ unit_amount: 2000 }, { quantity: 5 }), // 10000
      item({ unit_amount: 50, recurring: { usage_type: 'metered' } }, { quantity: 100 }), // excluded
      item({ unit_amount: 12000, recurring: { interval: 'year' } }), // 1000
    ]);
    expect(mrr(s)).toBe(11000);
  });

  it.each([
    ['active', 1000],
    ['past_due', 1000],
    ['trialing', 0],
    ['unpaid', 0],
    ['canceled', 0],
    ['incomplete', 0],
    ['incomplete_expired', 0],
    ['paused', 0],
  ])('status %s counts %i', (status, expected) => {
    expect(mrr(sub({ status }))).toBe(expected);
  });

  it('transform_quantity bills per package: 23 seats per 10, rounded up = 3 packages of 5000 = 15000', () => {
    const s = sub({}, [
      item({ unit_amount: 5000, transform_quantity: { divide_by: 10, round: 'up' } }, { quantity: 23 }),
    ]);
    expect(mrr(s)).toBe(15000);
    expect(billedQuantity({ quantity: 23, transformQuantity: { divideBy: 10, round: 'down' } })).toBe(2);
  });

  it('unit_amount_decimal: 0.5 cents × 1000 units = 500', () => {
    expect(mrr(sub({}, [item({ unit_amount: null, unit_amount_decimal: '0.5' }, { quantity: 1000 })]))).toBe(500);
  });

  it('graduated tiers: 15 units over [1–10 at 500 + 1000 flat, 11+ at 400] = 5000 + 1000 + 2000 = 8000', () => {
    const tiers = [
      { up_to: 10, unit_amount: 500, flat_amount: 1000 },
      { up_to: null, unit_amount: 400, flat_amount: null },
    ];
    const s = sub({}, [
      item({ billing_scheme: 'tiered', tiers_mode: 'graduated', unit_amount: null, tiers }, { quantity: 15 }),
    ]);
    expect(mrr(s)).toBe(8000);
  });

  it('volume tiers: 15 units all at the 11+ price: 15 × 400 = 6000', () => {
    const tiers = [
      { up_to: 10, unit_amount: 500, flat_amount: null },
      { up_to: null, unit_amount: 400, flat_amount: null },
    ];
    const parsed = parseSubscription(
      sub({}, [item({ billing_scheme: 'tiered', tiers_mode: 'volume', unit_amount: null, tiers }, { quantity: 15 })]),
    );
    expect(itemIntervalAmount(parsed.items[0])).toBe(6000);
  });
});

describe('discounts', () => {
  const s = (d: Record<string, unknown>) =>
    sub({ discounts: [{ id: 'di_1', object: 'discount', start: ts('2026-01-01T00:00:00Z'), end: null, ...d }] }, [
      item({ unit_amount: 10000 }),
    ]);

  it('25 % off forever: 10000 × 0.75 = 7500', () => {
    expect(mrr(s({ coupon: coupon({ percent_off: 25, duration: 'forever' }) }))).toBe(7500);
  });

  it('current shape: the coupon under source.coupon', () => {
    expect(mrr(s({ source: { type: 'coupon', coupon: coupon({ percent_off: 10, duration: 'forever' }) } }))).toBe(9000);
  });

  it('a yearly subscription with 12000 off per invoice: (120000 − 12000) / 12 = 9000', () => {
    const y = sub(
      {
        discount: {
          id: 'di_2',
          object: 'discount',
          coupon: coupon({ amount_off: 12000, duration: 'forever' }),
          start: ts('2026-01-01T00:00:00Z'),
        },
      },
      [item({ unit_amount: 120000, recurring: { interval: 'year' } })],
    );
    expect(mrr(y)).toBe(9000);
  });

  it('repeating for 3 months from Jan 10: applies until Apr 10, then the full price', () => {
    const r = s({
      coupon: coupon({ percent_off: 50, duration: 'repeating', duration_in_months: 3 }),
      start: ts('2026-01-10T00:00:00Z'),
    });
    expect(mrr(r, at('2026-01-09T23:59:59Z'))).toBe(10000); // not started yet
    expect(mrr(r, at('2026-04-09T23:59:59Z'))).toBe(5000);
    expect(mrr(r, at('2026-04-10T00:00:00Z'))).toBe(10000);
    // Stripe's own `end` wins over start + months.
    const withEnd = s({
      coupon: coupon({ percent_off: 50, duration: 'repeating', duration_in_months: 3 }),
      end: ts('2026-03-01T00:00:00Z'),
    });
    expect(mrr(withEnd, at('2026-03-01T00:00:00Z'))).toBe(10000);
  });

  it('the docs/connectors.md example: (5 × 2000 + 12000 / 12) × 0.75 = 8250, the metered item left out', () => {
    const docs = sub(
      {
        discounts: [
          { id: 'di_d', object: 'discount', coupon: coupon({ percent_off: 25, duration: 'forever' }), start: null },
        ],
      },
      [
        item({ unit_amount: 2000 }, { quantity: 5 }),
        item({ unit_amount: 3, recurring: { usage_type: 'metered' } }, { quantity: 10000 }),
        item({ unit_amount: 12000, recurring: { interval: 'year' } }),
      ],
    );
    expect(mrr(docs)).toBe(8250);
  });

  it('a once-only coupon does not touch MRR', () => {
    expect(mrr(s({ coupon: coupon({ percent_off: 50, duration: 'once' }) }))).toBe(10000);
  });

  it('an amount off larger than the price floors at 0', () => {
    expect(mrr(s({ coupon: coupon({ amount_off: 50000, duration: 'forever' }) }))).toBe(0);
  });

  it('addMonths clamps the day: Jan 31 + 1 = Feb 28', () => {
    expect(addMonths(at('2026-01-31T12:00:00Z'), 1).toISOString()).toBe('2026-02-28T12:00:00.000Z');
  });
});

describe('cancellation policies and the contribution timeline', () => {
  const cancelling = sub({ cancel_at_period_end: true, canceled_at: ts('2026-01-15T00:00:00Z') }, [
    item({ unit_amount: 4000 }),
  ]);

  it('period_end (default): counts until the period end, then 0', () => {
    const points = contributionFrom(parseSubscription(cancelling), NOW, 'period_end');
    expect(points).toEqual([
      { at: NOW, mrrCents: 4000 },
      { at: at('2026-02-01T00:00:00Z'), mrrCents: 0 },
    ]);
  });

  it('request: 0 from the moment the cancellation is requested', () => {
    expect(contributionFrom(parseSubscription(cancelling), NOW, 'request')).toEqual([{ at: NOW, mrrCents: 0 }]);
  });

  it('pre-2025 shape: the period end on the subscription', () => {
    const old = sub({ cancel_at_period_end: true, current_period_end: ts('2026-03-01T00:00:00Z') }, [
      item({ unit_amount: 4000 }, { current_period_end: undefined, current_period_start: undefined }),
    ]);
    expect(contributionFrom(parseSubscription(old), NOW, 'period_end').map((p) => p.at.toISOString())).toEqual([
      NOW.toISOString(),
      '2026-03-01T00:00:00.000Z',
    ]);
  });

  it('a repeating discount ending later is a second point', () => {
    const s = sub({
      discounts: [
        {
          id: 'di_3',
          object: 'discount',
          coupon: coupon({ percent_off: 20, duration: 'repeating', duration_in_months: 2 }),
          start: ts('2026-01-01T00:00:00Z'),
        },
      ],
    });
    expect(contributionFrom(parseSubscription(s), NOW, 'period_end')).toEqual([
      { at: NOW, mrrCents: 800 },
      { at: at('2026-03-01T00:00:00Z'), mrrCents: 1000 },
    ]);
  });

  it('account statements: the sum of each subscription’s latest contribution at every change', () => {
    const a = [
      { at: at('2026-01-01T00:00:00Z'), mrrCents: 1000 },
      { at: at('2026-03-01T00:00:00Z'), mrrCents: 0 },
    ];
    const b = [
      { at: at('2026-02-01T00:00:00Z'), mrrCents: 500 },
      { at: at('2026-03-01T00:00:00Z'), mrrCents: 700 },
    ];
    expect(accountStatements([a, b])).toEqual([
      { at: at('2026-01-01T00:00:00Z'), mrrCents: 1000 },
      { at: at('2026-02-01T00:00:00Z'), mrrCents: 1500 },
      { at: at('2026-03-01T00:00:00Z'), mrrCents: 700 },
    ]);
  });
});

describe('currency', () => {
  it('the ledger currency passes through; another needs a configured rate', () => {
    expect(toLedgerCurrency(1234, 'usd', 'usd', {})).toBe(1234);
    expect(toLedgerCurrency(1000, 'eur', 'usd', {})).toBeNull();
    expect(toLedgerCurrency(1000, 'eur', 'usd', { eur: 1.08 })).toBe(1080); // €10.00 → $10.80
    expect(toLedgerCurrency(1000, 'jpy', 'usd', { jpy: 0.0067 })).toBe(670); // ¥1000 → $6.70 (zero-decimal yen)
  });
});

describe('hostile and incomplete objects are refused with the path of the problem', () => {
  it.each([
    ['not an object', 42, 'subscription'],
    ['unknown status', sub({ status: 'weird' }), 'subscription.status'],
    ['no items', sub({ items: undefined }), 'subscription.items'],
    ['absurd interval_count', sub({}, [item({ recurring: { interval_count: 797691627 } })]), 'interval_count'],
    ['interval of a fortnight', sub({}, [item({ recurring: { interval: 'fortnight' } })]), 'interval'],
    ['negative quantity', sub({}, [item({}, { quantity: -1 })]), 'quantity'],
    ['fractional amount', sub({}, [item({ unit_amount: 12.5 })]), 'unit_amount'],
    ['absurd amount', sub({}, [item({ unit_amount: 1e15 })]), 'unit_amount'],
    ['no price', sub({}, [item({}, { price: undefined })]), 'price'],
    ['customer missing', sub({ customer: undefined }), 'customer'],
    ['bad id', sub({ id: 'DROP TABLE' }), 'subscription.id'],
    ['mixed currencies', sub({}, [item(), item({ currency: 'eur' })]), 'currencies'],
    [
      'percent_off 150',
      sub({ discounts: [{ id: 'di_x', coupon: coupon({ percent_off: 150, duration: 'forever' }) }] }),
      'percent_off',
    ],
    [
      'tiered without tiers',
      sub({}, [item({ billing_scheme: 'tiered', tiers_mode: 'volume', unit_amount: null })]),
      'tiers',
    ],
    [
      'too many items',
      sub(
        {},
        Array.from({ length: 101 }, () => item()),
      ),
      'more than 100',
    ],
  ])('%s', (_name, raw, where) => {
    let err: unknown;
    try {
      parseSubscription(raw);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BillingRejection);
    expect((err as Error).message).toContain(where);
  });
});

describeWithStripeFixtures('the shared Stripe fixtures', () => {
  it('dj-stripe 0001 (pre-2025 shape): one monthly item of 2000 → 2000', () => {
    const s = parseSubscription(djStripeSubscription(1));
    expect(s.currentPeriodEnd).toEqual(new Date(djStripeSubscription(1).current_period_end * 1000));
    expect(subscriptionMrrAt(s, NOW, 'period_end')).toBe(2000);
  });

  it('dj-stripe 0002: one monthly item of 4000 (the price’s trial_period_days does not make an active subscription a trial) → 4000', () => {
    expect(subscriptionMrrAt(parseSubscription(djStripeSubscription(2)), NOW, 'period_end')).toBe(4000);
  });

  it('dj-stripe 0004: two monthly items 2000 + 4000 with plan null at the top → 6000; as trialing → 0', () => {
    expect(subscriptionMrrAt(parseSubscription(djStripeSubscription(4)), NOW, 'period_end')).toBe(6000);
    const trial = { ...djStripeSubscription(4), status: 'trialing' };
    expect(subscriptionMrrAt(parseSubscription(trial), NOW, 'period_end')).toBe(0);
  });

  it('OpenAPI subscription (current shape): its synthetic interval_count 797691627 is refused', () => {
    expect(() => parseSubscription(openApiResource('subscription'))).toThrow(/interval_count/);
  });

  it('OpenAPI subscription without its synthetic plan: 2000 a month with transform_quantity 1/1592560163 rounded down → 0 billed', () => {
    const s = openApiResource('subscription');
    delete s.items.data[0].plan; // keep the price alone
    const parsed = parseSubscription(s);
    expect(parsed.currentPeriodEnd).toEqual(new Date(976287773 * 1000)); // the item's period (current shape)
    expect(billedQuantity(parsed.items[0])).toBe(0);
    // cancel_at 1234567890 (2009) is long past: scheduled cancellation has taken effect → 0 under both policies.
    expect(subscriptionMrrAt(parsed, NOW, 'period_end')).toBe(0);
  });
});
