import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AppError } from '../errors/app-error';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import { Role } from './role.enum';
import { Principal } from './principal';

/**
 * Global guard for GraphQL resolvers: the caller must be authenticated (the context carries the principal
 * resolved from the API key or the session cookie), and if the resolver names roles, the caller's role must be
 * one of them. Operations marked @Public() (sign-in, set-password) are open.
 * HTTP controllers declare their own checks.
 */
@Injectable()
export class GqlAuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const ctx = GqlExecutionContext.create(context).getContext<{
      principal?: Principal | null;
      authError?: AppError;
    }>();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets)) return true;
    if (!ctx.principal) throw ctx.authError ?? AppError.unauthenticated();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(ctx.principal.role)) {
      throw AppError.forbidden(
        `This operation needs one of the roles ${roles.join(', ')}; you have role ${ctx.principal.role}`,
      );
    }
    return true;
  }
}
