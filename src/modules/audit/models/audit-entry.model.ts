import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsOptional, IsString, Length } from 'class-validator';
import { DateTimeScalar } from '../../../common/scalars/date.scalar';
import { ConnectionType } from '../../../common/pagination/connection';

export enum AuditOutcome {
  OK = 'OK',
  ERROR = 'ERROR',
}
registerEnumType(AuditOutcome, { name: 'AuditOutcome' });

@ObjectType('AuditEntry')
export class AuditEntryModel {
  @Field(() => ID)
  id: string;

  @Field(() => DateTimeScalar)
  at: Date;

  @Field(() => ID, { nullable: true })
  actorUserId: string | null;

  @Field(() => ID, { nullable: true })
  apiKeyId: string | null;

  @Field(() => String, { nullable: true })
  role: string | null;

  @Field()
  operation: string;

  @Field(() => [ID])
  targetIds: string[];

  @Field(() => AuditOutcome)
  outcome: AuditOutcome;

  @Field(() => String, { nullable: true })
  errorCode: string | null;

  @Field(() => String, { nullable: true })
  requestId: string | null;
}

@ObjectType('AuditEntryConnection')
export class AuditEntryConnection extends ConnectionType(AuditEntryModel, 'AuditEntry') {}

@InputType()
export class AuditFilterInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  actorId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  operation?: string;

  @Field(() => AuditOutcome, { nullable: true })
  @IsOptional()
  outcome?: AuditOutcome;

  @Field(() => DateTimeScalar, { nullable: true })
  @IsOptional()
  from?: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  @IsOptional()
  to?: Date;
}
