import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { Connection, readPageArgs } from '../../common/pagination/connection';
import { CsatSummary } from '../../core/feedback/csat';
import { CsatFilter, VerbatimFilter, VoiceFilter } from './dto/voice.input';
import { CsatSummaryModel, NpsMonthModel, VerbatimConnection, VerbatimRow } from './models/voice.model';
import { NpsMonth, VoiceFigures } from './voice-figures.service';
import { VerbatimFeed } from './verbatim-feed.service';

const READERS = [Role.ADMIN, Role.MANAGER, Role.CSM];

/** Voice of the customer across the book (the cockpit's /voice screen); a CSM's answers cover their own book. */
@Resolver()
export class VoiceResolver {
  constructor(
    private readonly figures: VoiceFigures,
    private readonly feedService: VerbatimFeed,
  ) {}

  @Query(() => [NpsMonthModel], {
    description:
      'NPS per UTC calendar month over the last `months` months (1..36, the current month included), oldest first, each with its 95 % adjusted-Wald interval; months without responses have nulls.',
  })
  @Roles(...READERS)
  npsTrend(
    @CurrentUser() p: Principal,
    @Args('filter', { type: () => VoiceFilter, nullable: true }) filter?: VoiceFilter,
    @Args('months', { type: () => Int, defaultValue: 12 }) months = 12,
  ): Promise<NpsMonth[]> {
    return this.figures.npsTrend(p, filter, months);
  }

  @Query(() => CsatSummaryModel, {
    description: 'CSAT (average, share satisfied, distribution) of the matching responses.',
  })
  @Roles(...READERS)
  csatSummary(
    @CurrentUser() p: Principal,
    @Args('filter', { type: () => CsatFilter, nullable: true }) filter?: CsatFilter,
  ): Promise<CsatSummary> {
    return this.figures.csatSummary(p, filter);
  }

  @Query(() => VerbatimConnection, {
    description:
      'NPS and CSAT comments and feedback notes across the book, newest first (responses without a comment are left out).',
  })
  @Roles(...READERS)
  verbatims(
    @CurrentUser() p: Principal,
    @Args('filter', { type: () => VerbatimFilter, nullable: true }) filter?: VerbatimFilter,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<VerbatimRow>> {
    const page = readPageArgs(first, after, ['timestamp', 'uuid'], 50);
    return this.feedService.feed(p, filter, page.first, page.after as [string, string] | null);
  }
}
