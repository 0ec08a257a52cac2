import { centsDecimal, csvSafeText } from '../csv-safe';

describe('CSV cells', () => {
  it('text starting like a formula is prefixed with an apostrophe; other text is unchanged', () => {
    expect(csvSafeText('=HYPERLINK("http://evil","x")')).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(csvSafeText('+1 555')).toBe("'+1 555");
    expect(csvSafeText('-2+3')).toBe("'-2+3");
    expect(csvSafeText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvSafeText('\tcmd')).toBe("'\tcmd");
    expect(csvSafeText('\rcmd')).toBe("'\rcmd");
    expect(csvSafeText('Acme = good')).toBe('Acme = good');
    expect(csvSafeText(null)).toBe('');
    expect(csvSafeText('')).toBe('');
  });

  it('cents as a decimal amount', () => {
    expect(centsDecimal(123_456)).toBe('1234.56');
    expect(centsDecimal(5)).toBe('0.05');
    expect(centsDecimal(0)).toBe('0.00');
    expect(centsDecimal(-150)).toBe('-1.50');
  });
});
