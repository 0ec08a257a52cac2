import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Role } from './role.enum';
import { Principal } from './principal';

export const ROLES_KEY = 'vitals:roles';

/** The roles allowed to run a resolver. Every GraphQL operation needs an authenticated caller regardless. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The authenticated caller (see GqlAuthGuard). */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  return GqlExecutionContext.create(ctx).getContext().principal;
});

export const PUBLIC_KEY = 'vitals:public';

/**
 * An operation anyone may call without signing in (sign-in itself, set-password links). The resolver still sees
 * the principal when there is one.
 */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
