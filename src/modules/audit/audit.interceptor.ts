import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { Observable, tap } from 'rxjs';
import { AppError } from '../../common/errors/app-error';
import { GraphqlContext } from '../../common/graphql-context';
import { collectTargetIds } from '../../core/audit/target-ids';
import { AuditService } from './audit.service';

/** Records every GraphQL mutation — who, which operation, which ids, and how it ended — in the audit log. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo();
    if (info?.parentType?.name !== 'Mutation') return next.handle();
    const ctx = gql.getContext<GraphqlContext>();
    const args = gql.getArgs();
    const base = {
      actorUserId: ctx.principal?.userId ?? null,
      apiKeyId: ctx.principal?.apiKeyId ?? null,
      role: ctx.principal?.role ?? null,
      operation: info.fieldName as string,
      requestId: (ctx.req as unknown as { id?: string })?.id ?? null,
    };
    return next.handle().pipe(
      tap({
        next: (result) =>
          void this.audit.record({
            ...base,
            targetIds: collectTargetIds(args, result),
            outcome: 'OK',
            errorCode: null,
          }),
        error: (err) =>
          void this.audit.record({
            ...base,
            targetIds: collectTargetIds(args),
            outcome: 'ERROR',
            errorCode:
              err instanceof AppError
                ? err.code
                : err instanceof GraphQLError
                  ? typeof err.extensions?.code === 'string'
                    ? err.extensions.code
                    : 'ERROR'
                  : 'INTERNAL',
          }),
      }),
    );
  }
}
