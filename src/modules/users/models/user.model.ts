import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../../../common/auth/role.enum';

@ObjectType('User')
export class UserModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  email: string;

  @Field(() => Role)
  role: Role;
}

@ObjectType('CreateUserPayload')
export class CreateUserPayload {
  @Field(() => UserModel)
  user: UserModel;

  @Field({ description: 'The new API key. It is shown only once; only its hash is stored.' })
  apiKey: string;
}

@ObjectType('IssuedApiKey')
export class IssuedApiKey {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The key itself, shown only once.' })
  key: string;
}
