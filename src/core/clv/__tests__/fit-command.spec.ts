// Tests for src/cli/commands/fit.command.ts (kept beside the models it wraps).
import { run } from '../../../cli/commands/fit.command';
import { sharedDataFile } from './shared-data';

async function capture(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const o = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const e = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = await run(args);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('fit command', () => {
  it('fit sbg prints one JSON object with α, β, LL, retention r_1..r_n, survival S(0..n) and DERL', async () => {
    const { code, stdout, stderr } = await capture(['sbg', '--survivors', '1000,631,468,382,326,289,262,241']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['alpha', 'beta', 'logLikelihood', 'retention', 'survival', 'derl']);
    expect(out.alpha).toBeCloseTo(0.704, 3);
    expect(out.beta).toBeCloseTo(1.182, 3);
    expect(out.retention).toHaveLength(7);
    expect(out.survival).toHaveLength(8);
    expect(out.survival[0]).toBe(1);
    // r_1 = β/(α+β), S(1) = r_1
    expect(out.retention[0]).toBeCloseTo(out.beta / (out.alpha + out.beta), 12);
    expect(out.survival[1]).toBeCloseTo(out.retention[0], 12);
    // DERL(d = 0.1, n = 1) = Σ_{t≥1} S(t) 1.1^{−(t−1)} > S(1)
    expect(out.derl).toBeGreaterThan(out.survival[1]);
    expect(out.derl).toBeCloseTo(2.9644, 3);
  });

  it('--discount changes DERL (lower discount, higher value); cohorts can be pooled with ";"', async () => {
    const a = JSON.parse((await capture(['sbg', '--survivors', '1000,631,468,382', '--discount', '0.05'])).stdout);
    const b = JSON.parse((await capture(['sbg', '--survivors', '1000,631,468,382', '--discount=0.2'])).stdout);
    expect(a.derl).toBeGreaterThan(b.derl);
    const pooled = await capture(['sbg', '--survivors', '1000,631,468,382;500,330']);
    expect(pooled.code).toBe(0);
    expect(JSON.parse(pooled.stdout).retention).toHaveLength(3);
  });

  it.each([
    [[], /usage/],
    [['nope'], /unknown model: nope/],
    [['sbg'], /--survivors is required/],
    [['sbg', '--survivors', '1000,abc'], /not a number/],
    [['sbg', '--survivors', '1000,600', '--discount', '-1'], /--discount/],
    [['sbg', '--survivors', '1000,600', '--bogus', '1'], /unknown option --bogus/],
    [['bgnbd'], /--file is required/],
    [['gamma-gamma', '--file', '/nonexistent/x.csv'], /cannot read/],
  ])('fit %p fails with one stderr line and exit code 1', async (args, message) => {
    const { code, stdout, stderr } = await capture(args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

const summary = sharedDataFile('cdnow_customers_summary.csv');
const withTx = sharedDataFile('cdnow_customers_summary_with_transactions.csv');
if (!summary.present || !withTx.present) {
  it('needs ../shared/data/cdnow_customers_summary*.csv', () =>
    console.warn(
      `fit command reference check skipped: ../shared/data/cdnow_customers_summary*.csv absent: reference check not run`,
    ));
} else {
  describe('fit command on the CDNOW files', () => {
    it('fit bgnbd --file prints r, alpha, a, b, logLikelihood', async () => {
      const { code, stdout } = await capture(['bgnbd', '--file', summary.path]);
      expect(code).toBe(0);
      const out = JSON.parse(stdout);
      expect(Object.keys(out)).toEqual(['r', 'alpha', 'a', 'b', 'logLikelihood']);
      expect(out.r).toBeCloseTo(0.243, 3);
      expect(out.logLikelihood).toBeCloseTo(-9582.4, 1);
    });

    it('fit gamma-gamma --file prints p, q, v, logLikelihood', async () => {
      const { code, stdout } = await capture(['gamma-gamma', '--file', withTx.path]);
      expect(code).toBe(0);
      const out = JSON.parse(stdout);
      expect(Object.keys(out)).toEqual(['p', 'q', 'v', 'logLikelihood']);
      expect(out.p).toBeCloseTo(6.25, 2);
    });
  });
}
