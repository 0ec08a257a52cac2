import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { GraphqlContext } from '../../common/graphql-context';
import { Connection, readPageArgs } from '../../common/pagination/connection';
import { NpsFigures } from '../../core/feedback/nps-stats';
import { AccountModel } from '../accounts/models/account.model';
import { AccountEntity } from '../accounts/account.entity';
import { AccountNps, FeedbackService } from './feedback.service';
import { ACCOUNT_NPS, FEEDBACK_FEED, feedKey } from './feedback.loaders';
import { NpsSummaryFilter, RecordCsatInput, RecordFeedbackInput, RecordNpsInput } from './dto/feedback.input';
import {
  AccountNpsModel,
  CsatResponseModel,
  CsatResponseRow,
  FeedbackItemConnection,
  FeedbackItemRow,
  FeedbackModel,
  FeedbackNoteRow,
  NpsResponseModel,
  NpsResponseRow,
  NpsSummaryModel,
} from './models/feedback.model';

const READERS = [Role.ADMIN, Role.MANAGER, Role.CSM];
/** INGEST keys may record feedback; a CSM only on their own book (checked in the service). */
const WRITERS = [Role.ADMIN, Role.MANAGER, Role.CSM, Role.INGEST];

@Resolver(() => AccountModel)
export class FeedbackResolver {
  constructor(private readonly service: FeedbackService) {}

  @Mutation(() => NpsResponseModel, { description: 'Records an NPS response (score 0..10).' })
  @Roles(...WRITERS)
  recordNps(@CurrentUser() p: Principal, @Args('input') input: RecordNpsInput): Promise<NpsResponseRow> {
    return this.service.recordNps(p, input);
  }

  @Mutation(() => CsatResponseModel, { description: 'Records a CSAT response (score 1..5).' })
  @Roles(...WRITERS)
  recordCsat(@CurrentUser() p: Principal, @Args('input') input: RecordCsatInput): Promise<CsatResponseRow> {
    return this.service.recordCsat(p, input);
  }

  @Mutation(() => FeedbackModel, { description: 'Records a free-text verbatim (a call, an e-mail, a ticket…).' })
  @Roles(...WRITERS)
  recordFeedback(@CurrentUser() p: Principal, @Args('input') input: RecordFeedbackInput): Promise<FeedbackNoteRow> {
    return this.service.recordFeedback(p, input);
  }

  @Query(() => NpsSummaryModel, {
    description:
      "NPS with its 95 % adjusted-Wald interval over the matching responses; a CSM's are limited to their own book.",
  })
  @Roles(...READERS)
  npsSummary(
    @CurrentUser() p: Principal,
    @Args('filter', { type: () => NpsSummaryFilter, nullable: true }) filter?: NpsSummaryFilter,
  ): Promise<NpsFigures> {
    return this.service.npsSummary(p, filter);
  }

  @ResolveField(() => AccountNpsModel, { description: 'Latest NPS response and the NPS of the last 12 months.' })
  nps(@Parent() a: AccountEntity, @Context() ctx: GraphqlContext): Promise<AccountNps> {
    return ctx.loaders.get<string, AccountNps>(ACCOUNT_NPS).load(a.id);
  }

  @ResolveField(() => FeedbackItemConnection, { description: 'NPS, CSAT and verbatims together, newest first.' })
  feedback(
    @Parent() a: AccountEntity,
    @Context() ctx: GraphqlContext,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<FeedbackItemRow>> {
    // [occurred at as PostgreSQL prints it, item id]
    const page = readPageArgs(first, after, ['timestamp', 'uuid'], 20);
    const cursor = page.after as [string, string] | null;
    return ctx.loaders
      .get<string, Connection<FeedbackItemRow>>(FEEDBACK_FEED)
      .load(feedKey({ accountId: a.id, first: page.first, after: cursor }));
  }
}
