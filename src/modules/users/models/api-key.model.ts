import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../../common/scalars/date.scalar';
import { UserModel } from './user.model';

@ObjectType('ApiKey', {
  description: 'An issued API key. The key itself is never readable again: only its first characters.',
})
export class ApiKeyModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The first 10 characters of the key, to tell keys apart (not enough to use it).' })
  keyPrefix: string;

  @Field(() => UserModel)
  user: UserModel;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt: Date | null;
}
