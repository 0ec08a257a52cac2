import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsEnum, IsString, Length, Matches } from 'class-validator';
import { Role } from '../../../common/auth/role.enum';
import { SINGLE_LINE_RE } from '../../../core/text-rules';

@InputType()
export class InviteUserInput {
  @Field()
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'must not be blank' })
  @Matches(SINGLE_LINE_RE, { message: 'must not contain control characters' })
  name: string;

  @Field()
  @IsEmail({}, { message: 'must be a valid email address' })
  @Length(3, 320)
  email: string;

  @Field(() => Role, { description: 'ADMIN, MANAGER or CSM (INGEST users cannot sign in; they get API keys).' })
  @IsEnum(Role)
  role: Role;
}
