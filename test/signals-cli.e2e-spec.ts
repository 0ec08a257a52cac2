import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from './utils/test-app';
import { runCli as cli } from './utils/cli';

describe('CLI: import signals', () => {
  let databaseUrl: string;
  let db: Client;
  let accountId: string;
  const dir = mkdtempSync(join(tmpdir(), 'vitals-signals-cli-'));
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    expect(
      cli(['create-key', '--role', 'INGEST', '--email', 'ingest@test.vitals', '--name', 'Ingest'], databaseUrl).code,
    ).toBe(0);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    accountId = (await db.query(`INSERT INTO accounts (external_id, name) VALUES ('CLI-1', 'Cli One') RETURNING id`))
      .rows[0].id;
  }, 120_000);
  afterAll(() => db?.end());

  it('imports NDJSON through the ingestion path, reports bad lines, and is idempotent on re-run', async () => {
    const file = join(dir, 'signals.ndjson');
    const lines = [
      JSON.stringify({ id: 'c1', accountExternalId: 'CLI-1', type: 'login', occurredAt: at(5) }),
      JSON.stringify({
        id: 'c2',
        accountId,
        type: 'feature_used',
        occurredAt: at(4),
        properties: { feature: 'reports' },
      }),
      '{oops',
      JSON.stringify({ id: 'c3', accountExternalId: 'NOPE', type: 'login', occurredAt: at(3) }),
      JSON.stringify({ id: 'c1', accountExternalId: 'CLI-1', type: 'login', occurredAt: at(5) }),
    ];
    writeFileSync(file, lines.join('\n') + '\n');
    const first = cli(['import', 'signals', file], databaseUrl);
    expect(first.code).toBe(2);
    expect(JSON.parse(first.stdout)).toMatchObject({ lines: 5, accepted: 2, duplicates: 1, rejected: 2 });
    expect(first.stderr).toMatch(/line 3: malformed JSON/);
    expect(first.stderr).toMatch(/line 4 \(id c3\): unknown account NOPE/);
    const again = cli(['import', 'signals', file], databaseUrl);
    expect(JSON.parse(again.stdout)).toMatchObject({ lines: 5, accepted: 0, duplicates: 3, rejected: 2 });
    const r = await db.query(`SELECT sum(count)::int AS n FROM signal_daily WHERE account_id = $1`, [accountId]);
    expect(r.rows[0].n).toBe(2);
  }, 120_000);

  it('imports CSV with a JSON properties column', async () => {
    const file = join(dir, 'signals.csv');
    writeFileSync(
      file,
      [
        'id,accountExternalId,type,occurredAt,quantity,properties',
        `s1,CLI-1,seats,${at(2)},25,`,
        `s2,CLI-1,support_ticket,${at(2)},,"{""sentiment"":""negative"",""priority"":""high""}"`,
        `s3,CLI-1,login,${at(2)},,{bad`,
      ].join('\n'),
    );
    const r = cli(['import', 'signals', file], databaseUrl);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ lines: 3, accepted: 2, duplicates: 0, rejected: 1 });
    expect(r.stderr).toMatch(/line 4: properties: malformed JSON/);
    const rows = await db.query(
      `SELECT type, count::int, quantity::float, tickets_negative FROM signal_daily WHERE account_id = $1 AND type IN ('seats', 'support_ticket') ORDER BY type`,
      [accountId],
    );
    expect(rows.rows).toEqual([
      { type: 'seats', count: 1, quantity: 25, tickets_negative: 0 },
      { type: 'support_ticket', count: 1, quantity: 1, tickets_negative: 1 },
    ]);
  }, 120_000);
});
