import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { HealthBand } from '../../../common/graphql/domain-enums';

@ObjectType('ScorecardBandChange', { description: 'An account whose band the unsaved scorecard would change.' })
export class ScorecardBandChangeModel {
  @Field(() => ID)
  accountId: string;
  @Field()
  accountName: string;
  @Field(() => String, { nullable: true })
  segment: string | null;
  @Field(() => Float, { nullable: true, description: 'With the scorecards as saved, today.' })
  scoreBefore: number | null;
  @Field(() => HealthBand)
  bandBefore: string;
  @Field(() => Float, { nullable: true, description: 'With the unsaved scorecard, today.' })
  scoreAfter: number | null;
  @Field(() => HealthBand)
  bandAfter: string;
}

@ObjectType('ScorecardImpact', {
  description:
    "What-if over every account the scorecard applies to (its segment's, or the default's), as of today: nothing is saved.",
})
export class ScorecardImpactModel {
  @Field(() => Int, { description: 'Accounts scored (not churned, in the scorecard’s scope).' })
  accounts: number;
  @Field(() => Int, { description: 'Accounts whose computed band would change.' })
  changed: number;
  @Field(() => [ScorecardBandChangeModel], {
    description: 'The changes, largest score change first, at most `limit` of them.',
  })
  changes: ScorecardBandChangeModel[];
}
