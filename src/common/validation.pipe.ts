import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, FieldError } from './errors/app-error';

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
 * Some validators throw instead of answering false: validator.js `isEmail` (via `encodeURI`) throws URIError on
 * strings with unpaired UTF-16 surrogates, which JSON can carry ("\ud800"). Such input is the client's fault.
 */
class ClientValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof URIError)
        throw AppError.badInput(metadata.data || 'input', 'contains malformed text (unpaired UTF-16 surrogates)');
      throw err;
    }
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
