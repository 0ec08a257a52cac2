import { ConfigError, loadConfig } from '../src/config/config';

/** Configuration of churn risk and CLV (the config module is plain zod, so it is tested directly). */
describe('risk and CLV configuration', () => {
  it('defaults: DISCOUNT_RATE 0.10, GROSS_MARGIN 1.0, RISK_CUTOFFS 0.2,0.5', () => {
    const c = loadConfig({});
    expect(c.DISCOUNT_RATE).toBe(0.1);
    expect(c.GROSS_MARGIN).toBe(1);
    expect(c.RISK_CUTOFFS).toEqual({ low: 0.2, high: 0.5 });
  });

  it('reads valid values', () => {
    const c = loadConfig({ DISCOUNT_RATE: '0.08', GROSS_MARGIN: '0.75', RISK_CUTOFFS: ' 0.15 , 0.6 ' });
    expect(c.DISCOUNT_RATE).toBe(0.08);
    expect(c.GROSS_MARGIN).toBe(0.75);
    expect(c.RISK_CUTOFFS).toEqual({ low: 0.15, high: 0.6 });
  });

  it.each([
    ['DISCOUNT_RATE', '0', /DISCOUNT_RATE must be a number between 0.001 and 1/],
    ['DISCOUNT_RATE', 'ten', /DISCOUNT_RATE/],
    ['GROSS_MARGIN', '0', /GROSS_MARGIN must be a number greater than 0 and at most 1/],
    ['GROSS_MARGIN', '1.5', /GROSS_MARGIN/],
    ['RISK_CUTOFFS', '0.5,0.2', /RISK_CUTOFFS must be two probabilities "low,high" with 0 < low < high < 1/],
    ['RISK_CUTOFFS', '0.2', /RISK_CUTOFFS/],
    ['RISK_CUTOFFS', '0.2,1', /RISK_CUTOFFS/],
  ])('rejects %s=%s with one readable line', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
