import { recordIngestion } from '../../common/metrics/metrics.registry';
import { Args, Context, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../../common/auth/roles.decorator';
import { Role } from '../../common/auth/role.enum';
import { GraphqlContext } from '../../common/graphql-context';
import { AppError } from '../../common/errors/app-error';
import { Connection, readPageArgs } from '../../common/pagination/connection';
import { DateTimeScalar } from '../../common/scalars/date.scalar';
import { AccountModel } from '../accounts/models/account.model';
import { AccountEntity } from '../accounts/account.entity';
import { IngestSignalsArgs } from './dto/signal.input';
import {
  DailyUsageModel,
  IngestResultModel,
  SignalConnection,
  SignalRetentionResultModel,
} from './models/signal.model';
import { DailyUsageRow, SignalRow, SignalsService } from './signals.service';
import { SIGNALS_BY_ACCOUNT, signalsKey, USAGE_BY_ACCOUNT, usageKey } from './signals.loaders';

const MAX_USAGE_DAYS = 3660;

@Resolver(() => AccountModel)
export class SignalsResolver {
  constructor(private readonly service: SignalsService) {}

  @Mutation(() => IngestResultModel, {
    description:
      'Stores up to 5,000 usage signals atomically (valid ones; bad ones are listed by index). Idempotent per (account, id). ' +
      'INGEST or ADMIN keys (MANAGER is not an ingestion role). For bulk, POST NDJSON to /ingest/signals.',
  })
  @Roles(Role.INGEST, Role.ADMIN)
  async ingestSignals(@Args() { events }: IngestSignalsArgs): Promise<IngestResultModel> {
    const r = await this.service.ingestBatch(events);
    recordIngestion('graphql', { accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejected.length });
    return { accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejected };
  }

  @Mutation(() => SignalRetentionResultModel, {
    description:
      'ADMIN: runs the daily signal maintenance now (partitions ahead, retention of raw events per SIGNAL_RETENTION_MONTHS).',
  })
  @Roles(Role.ADMIN)
  async runSignalMaintenance(): Promise<SignalRetentionResultModel> {
    const r = await this.service.maintain();
    return { createdPartitions: r.created, droppedPartitions: r.dropped };
  }

  @ResolveField(() => [DailyUsageModel], {
    description: 'Daily usage rollups of the last `days` UTC days (today included), oldest first.',
  })
  usage(
    @Parent() a: AccountEntity,
    @Context() ctx: GraphqlContext,
    @Args('days', { type: () => Int, defaultValue: 90 }) days: number,
  ): Promise<DailyUsageRow[]> {
    if (!Number.isInteger(days) || days < 1 || days > MAX_USAGE_DAYS)
      throw AppError.badInput('days', `must be between 1 and ${MAX_USAGE_DAYS}`);
    return ctx.loaders.get<string, DailyUsageRow[]>(USAGE_BY_ACCOUNT).load(usageKey(a.id, days));
  }

  @ResolveField(() => SignalConnection, {
    description: 'Raw signals, newest first, within the retention window. Periods are [from, to).',
  })
  signals(
    @Parent() a: AccountEntity,
    @Context() ctx: GraphqlContext,
    @Args('type', { type: () => String, nullable: true }) type?: string | null,
    @Args('from', { type: () => DateTimeScalar, nullable: true }) from?: Date | null,
    @Args('to', { type: () => DateTimeScalar, nullable: true }) to?: Date | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<Connection<SignalRow>> {
    // [occurred at, the sender's id]
    const page = readPageArgs(first, after, ['timestamp', 'text']);
    const cursor = page.after as [string, string] | null;
    const args = {
      type: type ?? null,
      from: from?.toISOString() ?? null,
      to: to?.toISOString() ?? null,
      first: page.first,
      after: cursor,
    };
    return ctx.loaders.get<string, Connection<SignalRow>>(SIGNALS_BY_ACCOUNT).load(signalsKey(a.id, args));
  }
}
