import { generateDemoBook } from '../src/core/demo/demo-book.generator';
import { generateDemoFeedback } from '../src/core/demo/demo-feedback.generator';
import { startTestApp, TestApp } from './utils/test-app';

const DAY = 86_400_000;

/** The demo book (300 accounts, seed 42, loaded at start-up) comes with feedback that tells each account's story. */
describe('demo feedback', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { DEMO_DATA: 'true' } });
  }, 120_000);
  afterAll(() => t?.close());

  it('is deterministic from the seed and loaded in full', async () => {
    // The service generated the book as of today's midnight (UTC), as we do here.
    const book = generateDemoBook({ accounts: 300, seed: 42, asOf: new Date(Math.floor(Date.now() / DAY) * DAY) });
    const fb = generateDemoFeedback(book);
    expect(JSON.stringify(generateDemoFeedback(book))).toBe(JSON.stringify(fb));
    expect(fb.nps.length).toBeGreaterThan(300);
    expect(await t.count('nps_responses')).toBe(fb.nps.length);
    expect(await t.count('csat_responses')).toBe(fb.csat.length);
    expect(await t.count('feedback_notes')).toBe(fb.notes.length);
    const ids = (await t.db.query(`SELECT id FROM nps_responses ORDER BY id`)).rows.map((r) => r.id);
    expect(ids).toEqual(fb.nps.map((r) => r.id).sort());
    // Each response type's own column arrived in the right place.
    expect(await t.count('nps_responses', 'respondent_email IS NOT NULL')).toBe(
      fb.nps.filter((r) => r.respondentEmail).length,
    );
    expect(await t.count('csat_responses', 'topic IS NOT NULL')).toBe(fb.csat.filter((r) => r.topic).length);
    const topics = (
      await t.db.query(`SELECT DISTINCT topic FROM csat_responses WHERE topic IS NOT NULL ORDER BY topic`)
    ).rows.map((r) => r.topic);
    expect(topics).toEqual([...new Set(fb.csat.map((r) => r.topic).filter(Boolean))].sort());
  });

  it('tells the stories: thriving accounts promote, declining and churned ones detract', async () => {
    const book = generateDemoBook({ accounts: 300, seed: 42, asOf: new Date(Math.floor(Date.now() / DAY) * DAY) });
    const npsOf = async (story: string) => {
      const ids = book.accounts.filter((a) => a.story === story).map((a) => a.id);
      const r = await t.db.query(
        `SELECT 100.0 * (count(*) FILTER (WHERE category = 'PROMOTER') - count(*) FILTER (WHERE category = 'DETRACTOR')) / count(*) AS nps
           FROM nps_responses WHERE account_id = ANY($1::uuid[])`,
        [ids],
      );
      return Number(r.rows[0].nps);
    };
    const thriving = await npsOf('THRIVING');
    const steady = await npsOf('STEADY');
    const declining = await npsOf('DECLINING');
    const churned = await npsOf('CHURNED');
    expect(thriving).toBeGreaterThan(50);
    expect(steady).toBeLessThan(thriving);
    expect(declining).toBeLessThan(steady);
    expect(churned).toBeLessThan(-50);
    const prospects = book.accounts.filter((a) => a.story === 'PROSPECT').map((a) => a.id);
    expect(await t.count('nps_responses', 'account_id = ANY($1::uuid[])', [prospects])).toBe(0);
    // The whole book's summary through the API, and no response dated in the future.
    const s = (await t.ok(`{ npsSummary { responses nps confidenceLow confidenceHigh } }`)).npsSummary;
    expect(s.responses).toBe(await t.count('nps_responses'));
    expect(s.confidenceLow).toBeLessThan(s.nps);
    expect(s.confidenceHigh).toBeGreaterThan(s.nps);
    expect(await t.count('nps_responses', 'responded_at > now()')).toBe(0);
    expect(await t.count('feedback_notes', 'occurred_at > now()')).toBe(0);
  });
});
