import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, startTestApp } from './utils/test-app';
import { runCli as cli } from './utils/cli';
import {
  describeWithStripeFixtures,
  djStripeSubscription,
  openApiResource,
} from '../src/core/billing/__tests__/stripe-fixtures';

/** `import accounts --preset/--map` and `import stripe`, run as an operator runs them, on a real database. */
describe('connector imports (CLI)', () => {
  let databaseUrl: string;
  let db: Client;
  const dir = mkdtempSync(join(tmpdir(), 'vitals-connector-imports-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const row = async (externalId: string) =>
    (
      await db.query(
        `SELECT name, industry, segment, to_char(customer_since, 'YYYY-MM-DD') AS since, mrr_cents::int AS mrr, status
           FROM accounts WHERE external_id = $1`,
        [externalId],
      )
    ).rows[0];

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  });
  afterAll(() => db?.end());

  it('--preset hubspot: a HubSpot companies export, bad rows by line, idempotent on re-run', () => {
    const csv = file(
      'hubspot-companies.csv',
      [
        'Record ID,Company name,Company Domain Name,Industry,Lifecycle Stage,Became a Customer Date,Create Date',
        '9001,Globex,globex.com,COMPUTER_SOFTWARE,customer,2023-07-01 09:30,2022-01-01 10:00',
        '9002,"Initech, Inc.",initech.com,BANKING,customer,,2022-02-01 10:00',
        '9003,Umbrella,umbrella.com,,customer,31/12/2023 09:00,2022-03-01 10:00',
        '9004,,hooli.com,,lead,,2022-04-01 10:00',
      ].join('\n'),
    );
    const first = cli(['import', 'accounts', csv, '--preset', 'hubspot'], databaseUrl);
    expect(first.code).toBe(2);
    expect(JSON.parse(first.stdout)).toEqual({ rows: 4, inserted: 2, updated: 0, mrrChanges: 0, errors: 2 });
    expect(first.stderr).toContain(
      'line 4: customerSince: "31/12/2023 09:00" in column "Became a Customer Date" is not a YMD date',
    );
    expect(first.stderr).toContain('line 5: name is required');
    const again = cli(['import', 'accounts', '--preset', 'hubspot', csv], databaseUrl);
    expect(JSON.parse(again.stdout)).toMatchObject({ inserted: 0, updated: 2, errors: 2 });
    return Promise.all([row('9001'), row('9002')]).then(([globex, initech]) => {
      expect(globex).toMatchObject({ name: 'Globex', industry: 'COMPUTER_SOFTWARE', since: '2023-07-01' });
      expect(initech).toMatchObject({ name: 'Initech, Inc.', industry: 'BANKING', since: null });
    });
  }, 300_000);

  it('--preset salesforce: a Data Loader export (API names, any case)', async () => {
    const csv = file(
      'sf-accounts.csv',
      ['ID,NAME,TYPE,INDUSTRY', '001A,Acme Corp,Customer - Direct,Manufacturing'].join('\n'),
    );
    const r = cli(['import', 'accounts', csv, '--preset', 'salesforce'], databaseUrl);
    expect([r.code, JSON.parse(r.stdout).inserted]).toEqual([0, 1]);
    expect(await row('001A')).toMatchObject({ name: 'Acme Corp', industry: 'Manufacturing' });
  }, 300_000);

  it('--map: our own mapping with a date order and ARR in dollars → MRR in cents', async () => {
    const map = file(
      'map.json',
      JSON.stringify({
        externalId: 'Customer No',
        name: 'Customer',
        segment: { column: 'Tier', values: { T1: 'Enterprise', T2: 'Mid-Market' } },
        customerSince: { column: 'Signed', date: 'DMY' },
        mrrCents: { column: 'ARR (USD)', money: 'units', per: 'year' },
      }),
    );
    const csv = file(
      'crm.csv',
      'Customer No,Customer,Tier,Signed,ARR (USD)\nK-1,Wayne Enterprises,T1,15.01.2024,"$30,000.00"\n',
    );
    const r = cli(['import', 'accounts', csv, '--map', map], databaseUrl);
    expect(r.code).toBe(0);
    // ARR $30,000.00 = 3,000,000 cents a year → 250,000 cents a month, effective at customerSince.
    expect(await row('K-1')).toMatchObject({
      segment: 'Enterprise',
      since: '2024-01-15',
      mrr: 250000,
      status: 'ACTIVE',
    });
    const bad = cli(['import', 'accounts', csv, '--map', file('bad-map.json', '{"name":"Customer"}')], databaseUrl);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('the mapping must say which column holds externalId');
    const noColumn = cli(['import', 'accounts', csv, '--preset', 'hubspot'], databaseUrl);
    expect(noColumn.code).toBe(1);
    expect(noColumn.stderr).toContain('no column for externalId ("Record ID" or "Company ID")');
  }, 300_000);
});

describeWithStripeFixtures('import stripe <export.json>', () => {
  let databaseUrl: string;
  let db: Client;
  const dir = mkdtempSync(join(tmpdir(), 'vitals-stripe-import-'));

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  });
  afterAll(() => db?.end());

  it('seeds each customer’s MRR from the subscriptions’ start dates; hostile entries are listed; re-running changes nothing', async () => {
    const path = join(dir, 'subscriptions.json');
    const hostile = openApiResource('subscription'); // interval_count 797691627
    writeFileSync(
      path,
      JSON.stringify({
        object: 'list',
        has_more: false,
        url: '/v1/subscriptions',
        data: [
          djStripeSubscription(1),
          djStripeSubscription(2),
          hostile,
          djStripeSubscription(3),
          djStripeSubscription(4),
        ],
      }),
    );
    const first = cli(['import', 'stripe', path], databaseUrl);
    expect(first.code).toBe(2);
    expect(JSON.parse(first.stdout)).toEqual({ subscriptions: 5, imported: 4, unchanged: 0, stale: 0, errors: 1 });
    expect(first.stderr).toContain(`data[2] ${hostile.id}: subscription.items.data[0].plan.interval_count`);
    const accounts = await db.query(`SELECT external_id, mrr_cents::int AS mrr FROM accounts ORDER BY external_id`);
    // cus_4Ub…: 0003 (2000) + 0004 (2000 + 4000) = 8000; cus_6ls…: 0001 (2000) + 0002 (4000) = 6000.
    expect(accounts.rows).toEqual([
      { external_id: 'cus_4UbFSo9tl62jqj', mrr: 8000 },
      { external_id: 'cus_6lsBvm5rJ0zyHc', mrr: 6000 },
    ]);
    const moves = await db.query(
      `SELECT m.type, m.amount_cents::int AS amount, m.effective_at FROM mrr_movements m
         JOIN accounts a ON a.id = m.account_id WHERE a.external_id = 'cus_6lsBvm5rJ0zyHc' ORDER BY m.effective_at`,
    );
    expect(moves.rows.map((m) => [m.type, m.amount, (m.effective_at as Date).getTime() / 1000])).toEqual([
      ['NEW', 2000, 1559476700], // 0001's start_date
      ['EXPANSION', 4000, 1559476702], // 0002's start_date
    ]);
    const again = cli(['import', 'stripe', path], databaseUrl);
    expect(JSON.parse(again.stdout)).toEqual({ subscriptions: 5, imported: 0, unchanged: 4, stale: 0, errors: 1 });
    expect((await db.query(`SELECT count(*)::int AS n FROM mrr_movements`)).rows[0].n).toBe(4);

    // Both runs show under the IMPORT source "Stripe import" in `sources`, as a connector's deliveries do:
    // run 1 = 4 accepted + 1 rejected, run 2 = 4 duplicates (unchanged) + the same entry rejected again.
    const app = await startTestApp({ databaseUrl });
    try {
      const { sources } = await app.ok(
        `{ sources { kind name lastEventAt last24h { accepted duplicates rejected unattributed }
                     lastErrors { message count detail } } }`,
      );
      const imported = sources.filter((s: { kind: string }) => s.kind === 'IMPORT');
      expect(imported).toHaveLength(1);
      expect(imported[0].name).toBe('Stripe import');
      expect(imported[0].lastEventAt).not.toBeNull();
      expect(imported[0].last24h).toEqual({ accepted: 4, duplicates: 4, rejected: 2, unattributed: 0 });
      expect(imported[0].lastErrors).toHaveLength(1);
      expect(imported[0].lastErrors[0].message).toMatch(
        /^Stripe import rejected: subscription\.items\.data\[\]\.plan\.interval_count: /,
      );
      expect(imported[0].lastErrors[0].count).toBe(2);
      expect(JSON.parse(imported[0].lastErrors[0].detail)).toMatchObject({ subscription: hostile.id });
    } finally {
      await app.close();
    }
  }, 300_000);

  it('refuses a file that is not a Stripe list', () => {
    const path = join(dir, 'not-a-list.json');
    writeFileSync(path, JSON.stringify({ object: 'subscription' }));
    const r = cli(['import', 'stripe', path], databaseUrl);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('expected a Stripe list');
  }, 300_000);
});
