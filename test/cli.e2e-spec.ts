import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from './utils/test-app';
import { runCli as cli } from './utils/cli';

describe('operator CLI', () => {
  let databaseUrl: string;
  let db: Client;
  const dir = mkdtempSync(join(tmpdir(), 'vitals-cli-'));

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    // Migrate and create a CSM by issuing a key.
    const key = cli(['create-key', '--role', 'CSM', '--email', 'owner@test.vitals', '--name', 'Owner'], databaseUrl);
    expect(key.code).toBe(0);
    expect(JSON.parse(key.stdout).apiKey).toMatch(/^vk_/);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  });
  afterAll(() => db?.end());

  it('imports accounts idempotently and reports bad rows by line, importing the good ones', async () => {
    const file = join(dir, 'accounts.csv');
    writeFileSync(
      file,
      [
        'externalId,name,segment,ownerEmail,customerSince,renewalDate,mrrCents',
        'IMP-1,Alpha,SMB,owner@test.vitals,2024-01-15,2027-01-15,5000',
        'IMP-2,"Beta, Inc.",Enterprise,,,,',
        'IMP-3,,SMB,,,,',
        'IMP-4,Delta,SMB,ghost@test.vitals,,,',
        'IMP-5,Echo,SMB,,,2026-02-30,',
        'IMP-6,Foxtrot,SMB,,,,12.5',
      ].join('\n'),
    );
    const first = cli(['import', 'accounts', file], databaseUrl);
    expect(first.code).toBe(2);
    expect(JSON.parse(first.stdout)).toEqual({ rows: 6, inserted: 2, updated: 0, mrrChanges: 1, errors: 4 });
    expect(first.stderr).toMatch(/line 4: name is required/);
    expect(first.stderr).toMatch(/line 5: ownerEmail ghost@test.vitals/);
    expect(first.stderr).toMatch(/line 6: renewalDate/);
    expect(first.stderr).toMatch(/line 7: mrrCents/);
    const alpha = (
      await db.query(
        `SELECT a.name, a.mrr_cents, a.status, a.customer_since, u.email FROM accounts a JOIN users u ON u.id = a.owner_id WHERE external_id = 'IMP-1'`,
      )
    ).rows[0];
    expect(alpha).toMatchObject({ name: 'Alpha', mrr_cents: '5000', status: 'ACTIVE', email: 'owner@test.vitals' });
    expect(alpha.customer_since.toISOString()).toBe('2024-01-15T00:00:00.000Z');
    const movement = (
      await db.query(
        `SELECT m.type, m.effective_at FROM mrr_movements m JOIN accounts a ON a.id = m.account_id WHERE a.external_id = 'IMP-1'`,
      )
    ).rows;
    expect(movement).toHaveLength(1);
    expect(movement[0].type).toBe('NEW');
    expect(movement[0].effective_at.toISOString()).toBe('2024-01-15T00:00:00.000Z');

    const again = cli(['import', 'accounts', file], databaseUrl);
    expect(JSON.parse(again.stdout)).toEqual({ rows: 6, inserted: 0, updated: 2, mrrChanges: 0, errors: 4 });
    expect((await db.query(`SELECT count(*)::int AS n FROM accounts`)).rows[0].n).toBe(2);
    expect((await db.query(`SELECT count(*)::int AS n FROM mrr_changes`)).rows[0].n).toBe(1);

    // A changed MRR on a later run records an expansion.
    writeFileSync(file, 'externalId,name,mrrCents\nIMP-1,Alpha,7000\n');
    const third = cli(['import', 'accounts', file], databaseUrl);
    expect(JSON.parse(third.stdout)).toMatchObject({ updated: 1, mrrChanges: 1, errors: 0 });
    const types = (
      await db.query(
        `SELECT m.type FROM mrr_movements m JOIN accounts a ON a.id = m.account_id WHERE a.external_id = 'IMP-1' ORDER BY effective_at`,
      )
    ).rows;
    expect(types.map((r) => r.type)).toEqual(['NEW', 'EXPANSION']);
  });

  it('loads a deterministic demo book sized by --accounts', async () => {
    const other = await createTestDatabase();
    const r = cli(['demo', '--accounts', '120', '--seed', '7'], other);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ accounts: 120, seed: 7 });
    const c = new Client({ connectionString: other });
    await c.connect();
    try {
      const n = (
        await c.query(
          `SELECT count(*)::int AS n, count(DISTINCT segment)::int AS s, count(DISTINCT owner_id)::int AS o FROM accounts`,
        )
      ).rows[0];
      expect(n).toEqual({ n: 120, s: 3, o: 4 });
      const types = (await c.query(`SELECT DISTINCT type FROM mrr_movements ORDER BY type`)).rows.map((x) => x.type);
      expect(types).toEqual(expect.arrayContaining(['NEW', 'EXPANSION', 'CONTRACTION', 'CHURN']));
      // Loading again into a non-empty database is refused.
      expect(cli(['demo', '--accounts', '10'], other).code).toBe(1);
    } finally {
      await c.end();
    }
  });

  it('rejects unknown commands and bad arguments', () => {
    expect(cli(['frobnicate'], databaseUrl).code).toBe(2);
    const bad = cli(['create-key', '--role', 'KING', '--email', 'x@y.z'], databaseUrl);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--role must be one of/);
  });
});
