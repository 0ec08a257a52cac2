import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, FieldError } from './errors/app-error';

function flatten(errors: ValidationError[], prefix: string, out: FieldError[]): FieldError[] {
  for (const e of errors) {
    const path = prefix ? (/^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    for (const message of Object.values(e.constraints ?? {})) out.push({ field: path, message });
    if (e.children?.length) flatten(e.children, path, out);
  }
  return out;
}

/** class-validator errors become one BAD_USER_INPUT error that lists every offending field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: false,
    forbidUnknownValues: false,
    validateCustomDecorators: false,
    exceptionFactory: (errors) => AppError.badInput(flatten(errors, '', [])),
  });
}
