import type { Request } from 'express';
import { Principal } from './auth/principal';
import { AppError } from './errors/app-error';
import { RequestLoaders } from './loaders/data-loader.factory';

/** What every resolver can read from the GraphQL context. */
export interface GraphqlContext {
  req: Request;
  principal: Principal | null;
  authError?: AppError;
  loaders: RequestLoaders;
}
