import { Field, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { OptionalSingleLineText, SingleLineText } from '../../../common/validation/text-field.decorators';
import { SourceKind } from '../models/source.model';

/** A trait name or dotted path (`plan`, `company.plan`): letters, digits, `_`, `-`, `$`, separated by dots. */
const TRAIT_PATH_RE = /^[A-Za-z0-9_$-]{1,100}(\.[A-Za-z0-9_$-]{1,100}){0,4}$/;
const TRAIT_MESSAGE =
  '$property must be a trait name or dotted path (letters, digits, _ - $), e.g. plan or company.plan';

@InputType()
export class SourceSettingsInput {
  @Field(() => Int, {
    nullable: true,
    description: 'Events per minute (0 = no limit; null = the service default SOURCE_RATE_LIMIT_PER_MINUTE).',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  rateLimitPerMinute?: number | null;

  @Field(() => String, { nullable: true, description: 'Group trait copied to the account segment (default plan).' })
  @IsOptional()
  @Matches(TRAIT_PATH_RE, { message: TRAIT_MESSAGE })
  segmentTrait?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Group trait naming the owner's e-mail (default ownerEmail).",
  })
  @IsOptional()
  @Matches(TRAIT_PATH_RE, { message: TRAIT_MESSAGE })
  ownerEmailTrait?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Unattributed events older than this many days are reported, then purged (1–3650).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  unattributedMaxAgeDays?: number | null;
}

@InputType()
export class CreateSourceInput extends SourceSettingsInput {
  @Field(() => SourceKind)
  @IsEnum(SourceKind)
  kind: SourceKind;

  @Field()
  @SingleLineText(200)
  name: string;
}

@InputType()
export class UpdateSourceInput extends SourceSettingsInput {
  @Field(() => String, { nullable: true })
  @OptionalSingleLineText(200)
  name?: string | null;
}
