import { Field, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../../../common/pagination/connection';
import { CentsScalar } from '../../../common/scalars/cents.scalar';
import { CsCostModel } from './metrics.model';

@ObjectType('CsCostConnection')
export class CsCostConnection extends ConnectionType(CsCostModel, 'CsCost') {
  @Field(() => CentsScalar, { description: 'Sum of amountCents over every entry that matches (all pages).' })
  sumCents: number;
}
