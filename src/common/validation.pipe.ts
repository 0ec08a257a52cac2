import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, FieldError } from './errors/app-error';
import { findNul } from './validation/nul-text';

function flatten(errors: ValidationError[], prefix: string, out: FieldError[]): FieldError[] {
  for (const e of errors) {
    const path = prefix
      ? /^\d+$/.test(e.property)
        ? `${prefix}[${e.property}]`
        : `${prefix}.${e.property}`
      : e.property;
    for (const message of Object.values(e.constraints ?? {})) out.push({ field: path, message });
    if (e.children?.length) flatten(e.children, path, out);
  }
  return out;
}

/**
 * The kind pipes see for a resolver parameter taken with `@Args` (GqlParamtype.ARGS is 3, which Nest's external
 * context maps to the HTTP name of 3, 'body'); an HTTP `@Body` is held to the same rule.
 */
const ARGUMENTS = 'body';

const CHECKED_BY_SERVICE = Symbol('vitals:checked-by-service');

/**
 * Marks an `@ArgsType` whose arguments the service checks itself and answers in its own way, NUL rule included:
 * `ingestSignals` reports a bad item by its index and stores the others; `signIn` answers an email no one can
 * have like a wrong password. The pipe leaves such arguments alone.
 */
export function CheckedByService(): ClassDecorator {
  return (target) => {
    (target as unknown as Record<symbol, boolean>)[CHECKED_BY_SERVICE] = true;
  };
}

const isCheckedByService = (metatype: unknown) =>
  typeof metatype === 'function' && (metatype as unknown as Record<symbol, boolean>)[CHECKED_BY_SERVICE] === true;

/**
 * class-validator for input classes, then one rule for every GraphQL argument whatever its type: no NUL
 * character anywhere in it (PostgreSQL cannot store one; see validation/nul-text.ts). The field rules run first,
 * so their own messages ("must not contain control characters") stay where they apply.
 *
 * Some validators throw instead of answering false: validator.js `isEmail` (via `encodeURI`) throws URIError on
 * strings with unpaired UTF-16 surrogates, which JSON can carry ("\ud800"). Such input is the client's fault.
 */
class ClientValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isArgs = metadata.type === ARGUMENTS;
    if (isArgs && isCheckedByService(metadata.metatype)) return value;
    let out: unknown;
    try {
      out = await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof URIError)
        throw AppError.badInput(metadata.data || 'input', 'contains malformed text (unpaired UTF-16 surrogates)');
      throw err;
    }
    if (isArgs) {
      const at = findNul(value, metadata.data ?? '');
      if (at !== null) throw AppError.badInput(at || 'input', 'must not contain the NUL character (U+0000)');
    }
    return out;
  }
}

/** class-validator errors become one BAD_USER_INPUT error that lists every offending field. */
export function createValidationPipe(): ValidationPipe {
  return new ClientValidationPipe({
    transform: true,
    whitelist: false,
    forbidUnknownValues: false,
    validateCustomDecorators: false,
    exceptionFactory: (errors) => AppError.badInput(flatten(errors, '', [])),
  });
}
