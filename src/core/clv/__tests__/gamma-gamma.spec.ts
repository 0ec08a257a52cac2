import { gammaGammaRowsFromCsv, parseNumericCsv } from '../data';
import {
  fitGammaGamma,
  gammaGammaExpectedValue,
  gammaGammaLogLikelihood,
  gammaGammaLogLikelihoodRow,
  gammaGammaMeanValue,
} from '../gamma-gamma';
import { sharedDataFile } from './shared-data';

const sig3 = (v: number) => Number(v.toPrecision(3));

describe('Gamma-Gamma formulas (hand-worked)', () => {
  it('likelihood for p = 1, q = 2, v = 1, x = 1, zbar = 1 is the marginal density 2/(1+z)³ = 1/4', () => {
    // ∫ ν e^{−νz} · ν e^{−ν} dν = 2/(1+z)³
    expect(gammaGammaLogLikelihoodRow({ p: 1, q: 2, v: 1 }, { x: 1, zbar: 1 })).toBeCloseTo(Math.log(1 / 4), 12);
    expect(gammaGammaLogLikelihoodRow({ p: 1, q: 2, v: 1 }, { x: 1, zbar: 3 })).toBeCloseTo(Math.log(2 / 64), 12);
  });

  it('expected value p(v + x zbar)/(px + q − 1): p = 2, q = 3, v = 4, x = 2, zbar = 5 → 28/6', () => {
    expect(gammaGammaExpectedValue({ p: 2, q: 3, v: 4 }, { x: 2, zbar: 5 })).toBeCloseTo(14 / 3, 14);
  });

  it('shrinks towards the population mean pv/(q−1) for few transactions and towards zbar for many', () => {
    const par = { p: 6.25, q: 3.74, v: 15.44 };
    expect(gammaGammaExpectedValue(par, { x: 0, zbar: 0 })).toBeCloseTo(gammaGammaMeanValue(par), 12);
    expect(gammaGammaExpectedValue(par, { x: 1e6, zbar: 80 })).toBeCloseTo(80, 3);
    const e = gammaGammaExpectedValue(par, { x: 2, zbar: 80 });
    expect(e).toBeGreaterThan(gammaGammaMeanValue(par));
    expect(e).toBeLessThan(80);
  });

  it('rejects bad rows', () => {
    expect(() => fitGammaGamma([])).toThrow(RangeError);
    expect(() => gammaGammaLogLikelihood({ p: 1, q: 1, v: 1 }, [{ x: 0, zbar: 3 }])).toThrow(RangeError);
    expect(() => gammaGammaMeanValue({ p: 1, q: 0.5, v: 1 })).toThrow(RangeError);
  });
});

describe('numeric CSV reader', () => {
  it('handles CRLF and a missing final newline', () => {
    const t = parseNumericCsv('ID,x,t_x,T,zbar\r\n1,2,30.43,38.86,22.35\r\n3,0,0.00,38.86,0.00');
    expect(t.header).toEqual(['ID', 'x', 't_x', 'T', 'zbar']);
    expect(t.rows).toEqual([
      [1, 2, 30.43, 38.86, 22.35],
      [3, 0, 0, 38.86, 0],
    ]);
    expect(gammaGammaRowsFromCsv('ID,x,t_x,T,zbar\r\n1,2,30.43,38.86,22.35\r\n3,0,0.00,38.86,0.00')).toEqual([
      { x: 2, zbar: 22.35 },
    ]);
  });

  it('reports bad cells and missing columns', () => {
    expect(() => parseNumericCsv('a,b\n1,x')).toThrow(/line 2, column b/);
    expect(() => parseNumericCsv('a,b\n1')).toThrow(/1 cells/);
    expect(() => gammaGammaRowsFromCsv('a,b\n1,2')).toThrow(/no column/);
  });
});

const file = sharedDataFile('cdnow_customers_summary_with_transactions.csv');
if (!file.present) {
  it('needs ../shared/data/cdnow_customers_summary_with_transactions.csv', () =>
    console.warn(`Gamma-Gamma reference check skipped: ${file.path} absent: reference check not run`));
} else {
  describe('Gamma-Gamma on CDNOW (Fader, Hardie & Lee 2005, "RFM and CLV")', () => {
    const rows = gammaGammaRowsFromCsv(file.read());
    const fit = fitGammaGamma(rows);

    it('keeps the 946 customers with x > 0', () => {
      expect(rows).toHaveLength(946);
      expect(rows[0]).toEqual({ x: 2, zbar: 22.35 });
    });

    it('reproduces p = 6.25, q = 3.74, v = 15.44', () => {
      expect(sig3(fit.p)).toBe(6.25);
      expect(sig3(fit.q)).toBe(3.74);
      expect(sig3(fit.v)).toBe(15.4);
      expect(fit.p).toBeCloseTo(6.25, 2);
      expect(fit.q).toBeCloseTo(3.74, 2);
      expect(fit.v).toBeCloseTo(15.44, 1);
    });

    it('the optimum is verified: Newton step ≈ 0 and a second start agrees', () => {
      expect(fit.converged).toBe(true);
      expect(fit.newtonStep).toBeLessThan(1e-6);
      const other = fitGammaGamma(rows, { start: { p: 0.5, q: 20, v: 2 } });
      expect(other.converged).toBe(true);
      expect(other.p).toBeCloseTo(fit.p, 4);
      expect(other.q).toBeCloseTo(fit.q, 4);
      expect(other.v).toBeCloseTo(fit.v, 3);
      expect(other.logLikelihood).toBeCloseTo(fit.logLikelihood, 6);
    });

    it('conditional expected average values match the lifetimes documentation (customers 1, 2 and x = 0)', () => {
      expect(gammaGammaExpectedValue(fit, { x: 2, zbar: 22.35 })).toBeCloseTo(24.6586, 2);
      expect(gammaGammaExpectedValue(fit, { x: 1, zbar: 11.77 })).toBeCloseTo(18.9115, 2);
      expect(gammaGammaMeanValue(fit)).toBeCloseTo(35.171, 2);
    });
  });
}
