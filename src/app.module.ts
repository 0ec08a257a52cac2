import { graphqlMetricsPlugin } from './common/metrics/graphql-metrics.plugin';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { Request } from 'express';
import { AppConfig } from './config/config';
import { buildDataSourceOptions } from './database/data-source';
import { CommonModule } from './common/common.module';
import { ConfigModule } from './config/config.module';
import { GqlAuthGuard } from './common/auth/gql-auth.guard';
import { createValidationPipe } from './common/validation.pipe';
import { AppErrorFilter } from './common/errors/app-error.filter';
import { errorRequestIdPlugin, formatGraphqlError, requestIdOfError } from './common/errors/graphql-error.formatter';
import {
  isDatabaseUnavailable,
  serviceUnavailableError,
  serviceUnavailablePlugin,
} from './common/errors/service-unavailable';
import { bearerToken } from './common/auth/api-key.util';
import { hasSessionCookie, SESSION_ENDED, sessionToken } from './common/auth/session-cookie';
import { Principal } from './common/auth/principal';
import { AuthModule } from './modules/auth/auth.module';
import { SessionsService } from './modules/auth/sessions.service';
import { AppError } from './common/errors/app-error';
import { DataLoaderFactory } from './common/loaders/data-loader.factory';
import { GraphqlContext } from './common/graphql-context';
import { CentsScalar } from './common/scalars/cents.scalar';
import { DateTimeScalar } from './common/scalars/date.scalar';
import { UsersModule } from './modules/users/users.module';
import { UsersService } from './modules/users/users.service';
import { AccountsModule } from './modules/accounts/accounts.module';
import { LedgerModule } from './modules/ledger/ledger.module';
import { SystemModule } from './modules/system/system.module';
import { DemoModule } from './modules/demo/demo.module';
import { ImportsModule } from './modules/imports/imports.module';
import { AuditModule } from './modules/audit/audit.module';
import { HealthModule } from './modules/health/health.module';
import { SignalsModule } from './modules/signals/signals.module';
import { FeedbackModule } from './modules/feedback/feedback.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { RenewalsModule } from './modules/renewals/renewals.module';
import { RiskModule } from './modules/risk/risk.module';
import { ClvModule } from './modules/clv/clv.module';
import { PlaybooksModule } from './modules/playbooks/playbooks.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { WorkspaceModule } from './modules/workspace/workspace.module';
import { SourcesModule } from './modules/sources/sources.module';
import { SegmentModule } from './modules/segment/segment.module';
import { StripeModule } from './modules/stripe/stripe.module';
import { complexityLimitPlugin } from './common/graphql/complexity.plugin';
import { depthLimitRule } from './common/graphql/depth-limit.rule';
import { ApiRateLimiter, rateLimitedError } from './common/graphql/rate-limit';
import { Role } from './common/auth/role.enum';
import { GRAPHQL_BUILD_SCHEMA_OPTIONS } from './common/graphql/schema-options';

/** GraphQL limits: nesting depth, and the cost budget of one operation (see complexity.plugin.ts). */
export const MAX_QUERY_DEPTH = 10;
export const MAX_QUERY_COMPLEXITY = 50_000;

export interface AppOptions {
  config: AppConfig;
  databaseUrl: string;
  /** The service's pino logger (createLogging). */
  logger: Logger;
}

/** The whole service. `forRoot` takes the validated config and the database URL decided at start-up. */
@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, logger }: AppOptions): DynamicModule {
    const production = config.NODE_ENV === 'production';
    const limiter = new ApiRateLimiter(config.RATE_LIMIT_PER_MINUTE, config.INGEST_RATE_LIMIT_PER_MINUTE);
    const auth = AuthModule.forRoot(config);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // Nest's logger over the service's pino logger; the access log is mounted in bootstrap.ts (see logging.ts:
        // no per-request AsyncLocalStorage binding, so no routes here).
        LoggerModule.forRoot({ pinoHttp: { logger }, forRoutes: [] }),
        TypeOrmModule.forRoot({ ...buildDataSourceOptions(databaseUrl), autoLoadEntities: true, migrationsRun: true }),
        EventEmitterModule.forRoot(),
        ScheduleModule.forRoot(),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [UsersModule, auth],
          inject: [UsersService, SessionsService, DataLoaderFactory, PinoLogger, GraphQLSchemaHost],
          useFactory: (
            users: UsersService,
            sessions: SessionsService,
            loaders: DataLoaderFactory,
            pinoLogger: PinoLogger,
            schemaHost: GraphQLSchemaHost,
          ) => ({
            autoSchemaFile: true,
            sortSchema: true,
            path: '/graphql',
            introspection: !production,
            playground: false,
            allowBatchedHttpRequests: true,
            // Refuses "simple" requests a browser would send cross-site without a preflight (GET without a
            // custom header, form posts); the Origin check on cookie requests is sameOriginForCookies (bootstrap).
            csrfPrevention: true,
            // @nestjs/apollo otherwise resets the HTTP status of any response with a `data` key to 200, which
            // hid our outage status: a database outage is HTTP 503 with Retry-After (serviceUnavailablePlugin).
            preserveHttpStatusForExecutionErrors: false,
            validationRules: [depthLimitRule(MAX_QUERY_DEPTH)],
            plugins: [
              complexityLimitPlugin(() => schemaHost.schema, MAX_QUERY_COMPLEXITY),
              serviceUnavailablePlugin(),
              errorRequestIdPlugin(),
              graphqlMetricsPlugin(),
              // We set no cache hints; Apollo's default cache-control plugin would still wrap every field resolver.
              ApolloServerPluginCacheControlDisabled(),
              ...(production ? [] : [ApolloServerPluginLandingPageLocalDefault({ embed: true })]),
            ],
            // Shared with `npm run schema`, which writes the same schema to schema.gql.
            buildSchemaOptions: GRAPHQL_BUILD_SCHEMA_OPTIONS,
            resolvers: { Cents: CentsScalar, DateTime: DateTimeScalar },
            formatError: (formatted, error) =>
              formatGraphqlError(formatted, error, (err) =>
                pinoLogger.error({ err, reqId: requestIdOfError(error) }, 'unhandled error in GraphQL resolver'),
              ),
            context: async ({ req }: { req: Request }): Promise<GraphqlContext> => {
              // An API key when one is sent (it is explicit); otherwise the session cookie, if any.
              const token = bearerToken(req.headers.authorization);
              const cookie = token ? null : sessionToken(req);
              let principal: Principal | null;
              try {
                principal = token
                  ? await users.authenticate(token)
                  : cookie
                    ? await sessions.authenticate(cookie)
                    : null;
              } catch (err) {
                // The key lookup needs the database: an outage is a typed 503, not a 500 with internals.
                if (isDatabaseUnavailable(err)) throw serviceUnavailableError();
                throw err;
              }
              const retryAfter = await limiter.consume(
                principal
                  ? principal.apiKeyId
                    ? `key:${principal.apiKeyId}`
                    : `session:${principal.sessionId}`
                  : `ip:${req.ip ?? 'unknown'}`,
                principal?.role === Role.INGEST,
              );
              if (retryAfter !== null) throw rateLimitedError(retryAfter);
              return {
                req,
                principal,
                authError: principal
                  ? undefined
                  : token
                    ? AppError.unauthenticated('Unknown or revoked API key')
                    : cookie || hasSessionCookie(req)
                      ? AppError.unauthenticated(SESSION_ENDED)
                      : undefined,
                loaders: loaders.forRequest(),
              };
            },
          }),
        }),
        CommonModule,
        UsersModule,
        auth,
        AccountsModule,
        LedgerModule,
        SystemModule,
        DemoModule,
        ImportsModule,
        AuditModule,
        HealthModule,
        SignalsModule,
        FeedbackModule,
        MetricsModule,
        RenewalsModule,
        RiskModule,
        ClvModule,
        PlaybooksModule,
        WebhooksModule,
        WorkspaceModule,
        SourcesModule,
        SegmentModule,
        StripeModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: GqlAuthGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AppErrorFilter },
      ],
    };
  }
}
