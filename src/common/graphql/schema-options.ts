import type { BuildSchemaOptions } from '@nestjs/graphql';
import { DateTimeScalar } from '../scalars/date.scalar';

/** How the code-first schema is built: shared by the service (app.module.ts) and `npm run schema`. */
export const GRAPHQL_BUILD_SCHEMA_OPTIONS: BuildSchemaOptions = {
  scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
};
