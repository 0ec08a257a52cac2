import { Analytics } from '@segment/analytics-node';
import { randomBytes, randomUUID } from 'node:crypto';
import { findFreePort } from '../src/database/embedded-postgres.launcher';
import { createTestDatabase, SpawnedService, spawnService, waitForReady } from './utils/test-app';
import { Pool } from 'pg';

/**
 * A kill -9 of the service while @segment/analytics-node is sending batches, then a restart on the same port:
 * the client's retries (after connection errors) re-send what was in flight, and each messageId is stored once,
 * with rollups equal to a recount of the raw events.
 */
describe('Segment API: kill -9 during a client’s batches, then its retries', () => {
  const live = new Set<SpawnedService>();
  afterAll(async () => {
    for (const s of live) {
      s.child.kill('SIGKILL');
      await s.exited;
    }
  });

  it('stores each messageId exactly once', async () => {
    const databaseUrl = await createTestDatabase();
    const adminKey = `vk_${randomBytes(32).toString('base64url')}`;
    const port = await findFreePort();
    const env = { DATABASE_URL: databaseUrl, ADMIN_API_KEY: adminKey, PORT: String(port), RATE_LIMIT_PER_MINUTE: '0' };
    const start = async () => {
      const s = spawnService(env);
      live.add(s);
      void s.exited.then(() => live.delete(s));
      return { svc: s, url: await waitForReady(s, 90_000) };
    };
    let { svc, url } = await start();
    const db = new Pool({ connectionString: databaseUrl, max: 2 });
    try {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({
          query: 'mutation { createSource(input: { kind: SEGMENT, name: "app", rateLimitPerMinute: 0 }) { writeKey } }',
        }),
      });
      const writeKey = ((await res.json()) as { data: { createSource: { writeKey: string } } }).data.createSource
        .writeKey;

      const analytics = new Analytics({
        writeKey,
        host: url,
        flushAt: 100,
        flushInterval: 50,
        maxRetries: 12,
        httpRequestTimeout: 20_000,
      });
      const failures: unknown[] = [];
      analytics.on('error', (e) => failures.push(e));
      const N = 6_000;
      const ids: string[] = [];
      const features = ['reports', 'export', 'alerts'];
      // Ten accounts, linked by group calls first; every event attributed through its user's link.
      for (let a = 0; a < 10; a++)
        analytics.group({ userId: `user-${a}`, groupId: `acct-${a}`, traits: { name: `Account ${a}` } });
      let sent = 0;
      const produce = async () => {
        for (; sent < N; sent++) {
          const messageId = randomUUID();
          ids.push(messageId);
          const a = sent % 10;
          if (sent % 3 === 0)
            analytics.track({
              userId: `user-${a}`,
              event: 'Feature Used',
              properties: { feature: features[sent % 3] },
              messageId,
            });
          else analytics.track({ userId: `user-${a}`, event: 'Signed In', messageId });
          if (sent % 500 === 499) await new Promise((r) => setTimeout(r, 5));
        }
      };
      const producing = produce();
      // Kill once some batches are stored and others still to come.
      for (;;) {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM segment_messages`);
        if (rows[0].n >= 1_500) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      svc.child.kill('SIGKILL');
      await svc.exited;
      const storedAtKill = (await db.query(`SELECT count(*)::int AS n FROM signal_events`)).rows[0].n;
      expect(storedAtKill).toBeLessThan(N);
      const restartedAt = Date.now();
      ({ svc, url } = await start());
      console.log(`killed with ${storedAtKill} of ${N} stored; restarted in ${Date.now() - restartedAt} ms`);
      await producing;
      await analytics.closeAndFlush({ timeout: 180_000 });
      expect(failures).toEqual([]);

      const stored = await db.query(
        `SELECT count(*)::int AS events, count(DISTINCT id)::int AS ids FROM signal_events WHERE id = ANY($1::text[])`,
        [ids],
      );
      expect(stored.rows[0]).toEqual({ events: N, ids: N });
      const rollups = await db.query(`SELECT sum(count)::int AS n FROM signal_daily`);
      expect(rollups.rows[0].n).toBe(N);
      expect((await db.query(`SELECT count(*)::int AS n FROM source_unattributed`)).rows[0].n).toBe(0);
    } finally {
      await db.end();
      svc.child.kill('SIGTERM');
      await svc.exited;
    }
  }, 300_000);
});
