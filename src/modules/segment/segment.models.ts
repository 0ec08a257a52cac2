import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';
import { OptionalSingleLineText, SingleLineText } from '../../common/validation/text-field.decorators';

const PROPERTY_RE = /^[A-Za-z0-9_$-]{1,100}$/;

@ObjectType('SegmentEventMapping', { description: 'How a track event name becomes a signal type.' })
export class SegmentEventMappingModel {
  @Field()
  eventName: string;

  @Field({ description: 'What names are matched by: lower case, other characters as _ ("Signed In" → signed_in).' })
  eventKey: string;

  @Field()
  signalType: string;

  @Field(() => String, { nullable: true, description: 'feature_used: the property holding the feature.' })
  featureProperty?: string | null;

  @Field(() => String, { nullable: true, description: 'feature_used: a fixed feature for every event of this name.' })
  feature?: string | null;

  @Field(() => String, { nullable: true, description: 'The property holding the quantity (e.g. a seat count).' })
  quantityProperty?: string | null;

  @Field({ description: 'A built-in default (no row of the source overrides it).' })
  isDefault: boolean;
}

@InputType()
export class SegmentEventMappingInput {
  @Field()
  @SingleLineText(200)
  eventName: string;

  @Field({
    description: 'A signal type: ^[a-z][a-z0-9_.]{0,63}$ (login, feature_used, support_ticket, … or your own).',
  })
  @Matches(/^[a-z][a-z0-9_.]{0,63}$/, { message: 'signalType must match ^[a-z][a-z0-9_.]{0,63}$' })
  signalType: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PROPERTY_RE, { message: 'featureProperty must be a property name' })
  featureProperty?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalSingleLineText(200)
  feature?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PROPERTY_RE, { message: 'quantityProperty must be a property name' })
  quantityProperty?: string | null;
}
