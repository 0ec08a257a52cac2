import { hasControlChar, hasTextControlChar, MULTI_LINE_TEXT_RE, NOT_BLANK_RE, SINGLE_LINE_RE } from '../text-rules';

describe('text rules', () => {
  it('not blank means at least one non-space character', () => {
    expect(NOT_BLANK_RE.test(' a ')).toBe(true);
    for (const blank of ['', ' ', '\t\n ', '\u00a0']) expect(NOT_BLANK_RE.test(blank)).toBe(false);
  });

  it('single-line values allow printable unicode and nothing below U+0020 or DEL', () => {
    expect(SINGLE_LINE_RE.test('Acme GmbH – Zürich 東京 🚀')).toBe(true);
    for (const bad of ['a\u0000b', 'tab\there', 'line\nbreak', 'cr\r', 'esc\u001b[31m', 'del\u007f'])
      expect(hasControlChar(bad)).toBe(true);
    expect(hasControlChar('')).toBe(false);
  });

  it('multi-line text keeps tab, LF and CR but no other control character', () => {
    expect(MULTI_LINE_TEXT_RE.test('first line\n\tsecond line\r\n')).toBe(true);
    for (const bad of ['nul\u0000', 'bell\u0007', 'vt\u000b', 'ff\u000c', 'esc\u001b', 'del\u007f'])
      expect(hasTextControlChar(bad)).toBe(true);
    expect(hasTextControlChar('plain text')).toBe(false);
  });
});
