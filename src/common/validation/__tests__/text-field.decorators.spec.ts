import 'reflect-metadata';
import { validateSync } from 'class-validator';
import { OptionalMultiLineText, OptionalSingleLineText, SingleLineText } from '../text-field.decorators';

class Sample {
  @SingleLineText(5)
  name: unknown;

  @OptionalSingleLineText(3)
  segment?: unknown;

  @OptionalMultiLineText(6)
  comment?: unknown;
}

function messages(values: Partial<Sample>): Record<string, string[]> {
  const s = Object.assign(new Sample(), values);
  return Object.fromEntries(validateSync(s).map((e) => [e.property, Object.values(e.constraints ?? {})]));
}

describe('text field decorators', () => {
  it('accept valid values, and absent or null optional ones', () => {
    expect(messages({ name: 'Acme' })).toEqual({});
    expect(messages({ name: 'Acme', segment: null, comment: null })).toEqual({});
    expect(messages({ name: 'Acme', segment: 'SMB', comment: 'a\tb\r\nc' })).toEqual({});
  });

  it('word each rule with the field name, in the order stacked decorators gave', () => {
    // Stacked decorators register bottom-up: the two Matches rules come before the length rule.
    expect(messages({ name: '' })).toEqual({
      name: ['name must not be blank', 'name must be longer than or equal to 1 characters'],
    });
    expect(messages({ name: '   ' })).toEqual({ name: ['name must not be blank'] });
    expect(messages({ name: 'a\u0000b' })).toEqual({ name: ['name must not contain control characters'] });
    expect(messages({ name: 'toolong' })).toEqual({ name: ['name must be shorter than or equal to 5 characters'] });
    expect(messages({ name: 7 }).name).toContain('name must be a string');
  });

  it('keep single-line and multi-line rules apart', () => {
    expect(messages({ name: 'ok', segment: 'a\nb' })).toEqual({
      segment: ['segment must not contain control characters'],
    });
    expect(messages({ name: 'ok', segment: '' })).toEqual({
      segment: ['segment must be longer than or equal to 1 characters'],
    });
    expect(messages({ name: 'ok', comment: 'a\nb' })).toEqual({});
    expect(messages({ name: 'ok', comment: 'a\u0007' })).toEqual({
      comment: ['comment must not contain control characters'],
    });
    expect(messages({ name: 'ok', comment: '1234567' })).toEqual({
      comment: ['comment must be shorter than or equal to 6 characters'],
    });
  });
});
