import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { DateScalar, DateTimeScalar } from '../../../common/scalars/date.scalar';
import { UserModel } from '../../users/models/user.model';
import { MEASURE_METRICS } from '../../../core/health/scorecard-scoring';
import { HealthBand, RedFlagTypeEnum, TrendDirection } from '../../../common/graphql/domain-enums';

/** Bands a person may set by override (UNKNOWN is not a judgement). */
export enum OverrideBand {
  GREEN = 'GREEN',
  YELLOW = 'YELLOW',
  RED = 'RED',
}
registerEnumType(OverrideBand, { name: 'OverrideBand' });

export const MeasureMetricEnum = Object.fromEntries(MEASURE_METRICS.map((m) => [m, m])) as Record<string, string>;
registerEnumType(MeasureMetricEnum, { name: 'MeasureMetric' });

@ObjectType('ScalePoint')
export class ScalePointModel {
  @Field(() => Float)
  value: number;

  @Field(() => Float)
  score: number;
}

@ObjectType('Measure')
export class MeasureModel {
  @Field()
  key: string;

  @Field()
  label: string;

  @Field(() => MeasureMetricEnum)
  metric: string;

  @Field(() => String, { nullable: true })
  signalType: string | null;

  @Field(() => Int, { nullable: true })
  windowDays: number | null;

  @Field(() => Float)
  weight: number;

  @Field(() => [ScalePointModel])
  points: ScalePointModel[];
}

@ObjectType('Scorecard')
export class ScorecardModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true, description: 'null = the default scorecard' })
  segment: string | null;

  @Field(() => Int)
  version: number;

  @Field(() => [MeasureModel])
  measures: MeasureModel[];

  @Field(() => Float)
  redBelow: number;

  @Field(() => Float)
  greenAtOrAbove: number;

  @Field(() => Float)
  minCoverage: number;
}

@ObjectType('ScorecardRef')
export class ScorecardRefModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => Int)
  version: number;
}

@ObjectType('HealthComponent')
export class HealthComponentModel {
  @Field()
  key: string;

  @Field()
  label: string;

  @Field(() => Float, { nullable: true })
  rawValue: number | null;

  @Field(() => Float, { nullable: true, description: 'The measure score 0..100 (null when missing).' })
  score: number | null;

  @Field(() => Float)
  weight: number;

  @Field(() => Float, { description: 'Share of the score after redistributing missing weights (sums to 1).' })
  effectiveWeight: number;

  @Field(() => Float, { description: 'effectiveWeight × score; contributions add up to the score.' })
  contribution: number;

  @Field()
  missing: boolean;
}

@ObjectType('HealthTrend')
export class HealthTrendModel {
  @Field(() => Float, { nullable: true })
  delta7d: number | null;

  @Field(() => Float, { nullable: true })
  delta30d: number | null;

  @Field(() => TrendDirection)
  direction: TrendDirection;
}

@ObjectType('RedFlag')
export class RedFlagModel {
  @Field(() => RedFlagTypeEnum)
  type: string;

  @Field()
  evidence: string;

  @Field(() => DateTimeScalar, {
    description: 'When the flag was first raised (it clears itself when its condition ends).',
  })
  since: Date;
}

@ObjectType('HealthOverride')
export class HealthOverrideModel {
  @Field(() => OverrideBand)
  band: string;

  @Field()
  reason: string;

  /** Resolved by a field resolver. */
  setById: string | null;

  @Field(() => UserModel, { nullable: true })
  setBy?: UserModel | null;

  @Field(() => DateTimeScalar)
  setAt: Date;

  @Field(() => DateTimeScalar)
  expiresAt: Date;
}

@ObjectType('AccountHealth')
export class AccountHealthModel {
  @Field(() => ID)
  accountId: string;

  @Field(() => Float, {
    nullable: true,
    description: 'The computed score 0..100; null when the data covers too little of the scorecard.',
  })
  score: number | null;

  @Field(() => HealthBand, { description: 'The band people see: an unexpired override wins over the computed band.' })
  band: string;

  @Field(() => HealthBand, { description: 'The band of the computed score, override or not.' })
  computedBand: string;

  @Field(() => DateTimeScalar)
  computedAt: Date;

  @Field(() => ScorecardRefModel)
  scorecard: ScorecardRefModel;

  @Field(() => [HealthComponentModel])
  components: HealthComponentModel[];

  @Field(() => HealthTrendModel)
  trend: HealthTrendModel;

  @Field(() => [RedFlagModel])
  flags: RedFlagModel[];

  @Field(() => HealthOverrideModel, { nullable: true })
  override: HealthOverrideModel | null;
}

@ObjectType('HealthPoint')
export class HealthPointModel {
  @Field(() => DateScalar)
  day: string;

  @Field(() => Float, { nullable: true })
  score: number | null;

  @Field(() => HealthBand)
  band: string;
}

@InputType()
export class ScalePointInput {
  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value: number;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  score: number;
}

@InputType()
export class MeasureInput {
  @Field()
  @IsString()
  @Length(1, 64)
  key: string;

  @Field()
  @IsString()
  @Length(1, 200)
  label: string;

  @Field(() => MeasureMetricEnum)
  @IsIn(MEASURE_METRICS)
  metric: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  signalType?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  windowDays?: number | null;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  weight: number;

  @Field(() => [ScalePointInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ScalePointInput)
  points: ScalePointInput[];
}

@InputType()
export class ScorecardInput {
  @Field(() => ID, {
    nullable: true,
    description:
      'Save a new version of this scorecard; omit to create one (or a new version of the scorecard of the same segment).',
  })
  @IsOptional()
  @IsString()
  id?: string | null;

  @Field()
  @IsString()
  @Length(1, 200)
  name: string;

  @Field(() => String, { nullable: true, description: 'null = the default scorecard' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  segment?: string | null;

  @Field(() => [MeasureInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MeasureInput)
  measures: MeasureInput[];

  @Field(() => Float, { nullable: true, defaultValue: 40 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  redBelow?: number;

  @Field(() => Float, { nullable: true, defaultValue: 70 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  greenAtOrAbove?: number;

  @Field(() => Float, { nullable: true, defaultValue: 0.5 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  minCoverage?: number;
}
