import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { HealthBand } from '../../../common/graphql/domain-enums';
import { DateScalar } from '../../../common/scalars/date.scalar';

@ObjectType('HealthTrendPoint', { description: 'One day of stored health history (for sparklines).' })
export class HealthTrendPointModel {
  @Field(() => DateScalar)
  day: string;

  @Field(() => Float, { nullable: true })
  score: number | null;

  @Field(() => HealthBand)
  band: string;
}

@ObjectType('UsageByType', { description: 'Usage of one signal type over a period, with the period before it.' })
export class UsageByTypeModel {
  @Field()
  type: string;

  @Field(() => Int, { description: 'Signals of this type in the period.' })
  count: number;

  @Field(() => Float, { description: 'Sum of their quantities (1 per signal unless given).' })
  quantity: number;

  @Field(() => Int, { description: 'Days in the period with at least one signal of this type.' })
  activeDays: number;

  @Field(() => Int, { description: 'Signals of this type in the period of the same length just before.' })
  previousCount: number;
}
