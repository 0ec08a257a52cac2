import { generateDemoBook } from '../demo-book.generator';
import { demoTimelines } from '../demo-engagement';
import { generateDemoSignals } from '../demo-signals.generator';

const DAY = 86_400_000;
const asOf = new Date('2026-12-04T00:00:00Z');

describe('the demo story over the whole history', () => {
  const book = generateDemoBook({ accounts: 300, seed: 42, asOf });
  const timelines = demoTimelines(book);

  it('is deterministic by seed', () => {
    const again = generateDemoBook({ accounts: 300, seed: 42, asOf });
    const a = [...generateDemoSignals(book)];
    const b = [...generateDemoSignals(again)];
    expect(b.length).toBe(a.length);
    expect(JSON.stringify(b.slice(0, 2000))).toBe(JSON.stringify(a.slice(0, 2000)));
    expect(JSON.stringify(b.slice(-2000))).toBe(JSON.stringify(a.slice(-2000)));
  });

  it('has signals over the full 18 months, not only the last 180 days', () => {
    let first = Infinity;
    for (const r of generateDemoSignals(book)) first = Math.min(first, Date.parse(r.value.occurredAt as string));
    expect(asOf.getTime() - first).toBeGreaterThan(500 * DAY);
  });

  it('most churners decline before they churn, some churn out of the blue, some dip and recover', () => {
    const churns = [...timelines.values()].flatMap((t) => t.churns.map((c) => ({ t, c })));
    expect(churns.length).toBeGreaterThan(40);
    const warned = churns.filter(({ c }) => c.warned);
    expect(warned.length / churns.length).toBeGreaterThan(0.6);
    expect(warned.length / churns.length).toBeLessThan(0.9);
    // A warned churner's engagement the week before churn is well below its level 200 days earlier.
    let fell = 0;
    for (const { t, c } of warned) if (t.engagement(c.at - 7 * DAY) < 0.5 * t.engagement(c.at - 200 * DAY)) fell++;
    expect(fell / warned.length).toBeGreaterThan(0.8);
    // Out-of-the-blue churners look healthy until the end.
    const blue = churns.filter(({ c }) => !c.warned);
    expect(blue.length).toBeGreaterThan(3);
    for (const { t, c } of blue) expect(t.engagement(c.at - 7 * DAY)).toBeGreaterThan(0.3);
    // Struggling stayers: accounts active today that went through a low patch.
    const stayedAfterDip = [...timelines.values()].filter(
      (t) =>
        t.story === 'STEADY' &&
        Array.from({ length: 400 }, (_, d) => t.engagement(asOf.getTime() - (d + 30) * DAY)).some((e) => e < 0.35),
    );
    expect(stayedAfterDip.length).toBeGreaterThan(5);
  });
});
