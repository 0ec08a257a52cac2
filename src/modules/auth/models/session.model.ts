import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UserModel } from '../../users/models/user.model';

@ObjectType('Session', { description: 'A signed-in browser session (the token itself is in an HttpOnly cookie).' })
export class SessionModel {
  @Field(() => UserModel)
  user: UserModel;

  @Field({ description: 'When the session ends regardless of activity (7 days after sign-in by default).' })
  expiresAt: Date;

  @Field({ description: 'When the session ends if no request comes before (12 hours idle by default).' })
  idleExpiresAt: Date;
}

@ObjectType('PasswordLink', { description: 'A one-time set-password link. Shown once: only a hash is stored.' })
export class PasswordLinkModel {
  @Field(() => UserModel)
  user: UserModel;

  @Field({ description: 'The link to give the user: <PUBLIC_URL>/app/set-password?token=…' })
  url: string;

  @Field()
  expiresAt: Date;
}

export enum PasswordLinkPurpose {
  INVITE = 'INVITE',
  RESET = 'RESET',
  SETUP = 'SETUP',
}

registerEnumType(PasswordLinkPurpose, {
  name: 'PasswordLinkPurpose',
  description: 'INVITE: a new user sets their first password; RESET: an ADMIN-issued reset; SETUP: the first admin',
});

@ObjectType('PasswordLinkInfo', { description: 'Who a set-password link is for (the set-password page greets them).' })
export class PasswordLinkInfoModel {
  @Field()
  email: string;

  @Field()
  name: string;

  @Field(() => PasswordLinkPurpose)
  purpose: PasswordLinkPurpose;

  @Field()
  expiresAt: Date;
}
