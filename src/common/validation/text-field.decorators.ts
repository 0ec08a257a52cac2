import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { MULTI_LINE_TEXT_RE, NOT_BLANK_RE, SINGLE_LINE_RE } from '../../core/text-rules';

/**
 * The text rules of src/core/text-rules.ts as class-validator decorators, so every input field of a kind is
 * checked, and worded ($property is the field's name), the same way.
 */

/**
 * Applies decorators as if they were stacked in this order above a property: the last is registered first, as
 * with stacked decorators, so validation messages keep the order they had when written out one per line.
 */
function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (let i = decorators.length - 1; i >= 0; i--) decorators[i](target, key);
  };
}

const singleLine = () => Matches(SINGLE_LINE_RE, { message: '$property must not contain control characters' });

/** A required single-line value (name, external id, title): 1..max characters, not blank, no control character. */
export function SingleLineText(max: number): PropertyDecorator {
  return stacked(
    IsString(),
    Length(1, max),
    Matches(NOT_BLANK_RE, { message: '$property must not be blank' }),
    singleLine(),
  );
}

/** An optional single-line value (segment, industry, topic): null or absent, else 1..max characters, no control character. */
export function OptionalSingleLineText(max: number): PropertyDecorator {
  return stacked(IsOptional(), IsString(), Length(1, max), singleLine());
}

/** Optional multi-line free text (comment, description): null or absent, else ≤ max characters, no control character but tab and line breaks. */
export function OptionalMultiLineText(max: number): PropertyDecorator {
  return stacked(
    IsOptional(),
    IsString(),
    MaxLength(max),
    Matches(MULTI_LINE_TEXT_RE, { message: '$property must not contain control characters' }),
  );
}
