import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CentsScalar } from '../../../common/scalars/cents.scalar';
import { DateTimeScalar } from '../../../common/scalars/date.scalar';

export enum MrrMovementType {
  NEW = 'NEW',
  EXPANSION = 'EXPANSION',
  CONTRACTION = 'CONTRACTION',
  CHURN = 'CHURN',
  REACTIVATION = 'REACTIVATION',
}
registerEnumType(MrrMovementType, { name: 'MrrMovementType' });

@ObjectType('MrrMovement')
export class MrrMovementModel {
  @Field(() => ID)
  id: string;

  @Field(() => MrrMovementType)
  type: MrrMovementType;

  @Field(() => CentsScalar, { description: 'Size of the movement (always positive).' })
  amountCents: number;

  @Field(() => CentsScalar)
  mrrBeforeCents: number;

  @Field(() => CentsScalar)
  mrrAfterCents: number;

  @Field(() => DateTimeScalar)
  effectiveAt: Date;
}
