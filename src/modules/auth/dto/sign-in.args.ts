import { ArgsType, Field } from '@nestjs/graphql';
import { CheckedByService } from '../../../common/validation.pipe';

/** `signIn`'s arguments: any text is answered, an email no one can have (NUL included) like a wrong password. */
@ArgsType()
@CheckedByService()
export class SignInArgs {
  @Field()
  email: string;

  @Field()
  password: string;
}
