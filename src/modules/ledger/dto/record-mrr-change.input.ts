import { Field, ID, InputType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { CentsScalar } from '../../../common/scalars/cents.scalar';
import { DateTimeScalar } from '../../../common/scalars/date.scalar';
import { MULTI_LINE_TEXT_RE } from '../../../core/text-rules';

/** The caller says what the account's MRR is from `effectiveAt` on; the ledger derives the movement. */
@InputType()
export class RecordMrrChangeInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'accountId must be an account id' })
  accountId: string;

  @Field(() => CentsScalar)
  @IsInt()
  @Min(0, { message: 'mrrCents must not be negative' })
  @Max(Number.MAX_SAFE_INTEGER / 12, { message: 'mrrCents is too large' })
  mrrCents: number;

  @Field(() => DateTimeScalar)
  effectiveAt: Date;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  @Matches(MULTI_LINE_TEXT_RE, { message: 'note must not contain control characters' })
  note?: string | null;
}
