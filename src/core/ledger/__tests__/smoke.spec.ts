import { Client } from 'pg';
it('reaches the test database', async () => {
  const c = new Client({ connectionString: process.env.VITALS_TEST_DB_URL });
  await c.connect();
  const r = await c.query('select version()');
  await c.end();
  expect(r.rows[0].version).toMatch(/PostgreSQL 18/);
});
