import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../common/scalars/date.scalar';
import { RiskBandEnum } from '../../common/graphql/domain-enums';

export enum RiskMethodEnum {
  LOGISTIC = 'LOGISTIC',
  HEURISTIC = 'HEURISTIC',
}
registerEnumType(RiskMethodEnum, {
  name: 'RiskMethod',
  description:
    'LOGISTIC: the trained model; HEURISTIC: too few churn events to train (derived from health, or from the MRR trend and activity when there is no health score).',
});

export enum RiskModelStatusEnum {
  TRAINING = 'TRAINING',
  ACTIVE = 'ACTIVE',
  RETIRED = 'RETIRED',
  FAILED = 'FAILED',
}
registerEnumType(RiskModelStatusEnum, {
  name: 'RiskModelStatus',
  description:
    'TRAINING (in the background) → ACTIVE (evaluated; the latest ACTIVE model scores accounts) → RETIRED when a newer one is active; or FAILED.',
});

@ObjectType('CalibrationBin')
export class CalibrationBinModel {
  @Field(() => Float)
  binStart: number;
  @Field(() => Float)
  binEnd: number;
  @Field(() => Int)
  count: number;
  @Field(() => Float, { nullable: true })
  meanPredicted: number | null;
  @Field(() => Float, { nullable: true })
  observedRate: number | null;
}

@ObjectType('Coefficient')
export class CoefficientModel {
  @Field({ description: 'Design column: a numeric feature (standardised) or `segment=<value>`; `(intercept)` first.' })
  feature: string;
  @Field({ description: 'What the column is, in words (e.g. "Days since the last activity").' })
  label: string;
  @Field(() => Float, { description: 'On the log-odds scale, per training standard deviation for numerics.' })
  coefficient: number;
  @Field(() => Float, { nullable: true, description: 'Training mean (numerics).' })
  mean: number | null;
  @Field(() => Float, { nullable: true, description: 'Training population std (numerics).' })
  std: number | null;
}

@ObjectType('RiskFeatureCoverage')
export class RiskFeatureCoverageModel {
  @Field()
  feature: string;
  @Field(() => Int, { description: 'Training rows where the feature was observed (its source covered its window).' })
  rows: number;
  @Field(() => Int, { description: 'Of those, rows labelled churned within the horizon.' })
  positives: number;
  @Field({ description: 'Whether the model uses it (no: too little labelled history, or a contradicted direction).' })
  used: boolean;
}

@ObjectType('RiskModel')
export class RiskModelModel {
  @Field(() => ID)
  id: string;
  @Field(() => Int)
  version: number;
  @Field(() => RiskModelStatusEnum)
  status: RiskModelStatusEnum;
  @Field(() => DateTimeScalar)
  startedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When training finished (null while TRAINING).' })
  trainedAt: Date | null;
  @Field(() => Int)
  horizonDays: number;
  @Field(() => RiskMethodEnum, { nullable: true, description: 'null while TRAINING or FAILED.' })
  method: RiskMethodEnum | null;
  @Field(() => Int, { nullable: true, description: 'Account × snapshot rows with a complete label window.' })
  trainingRows: number | null;
  @Field(() => Int, { nullable: true, description: 'Rows labelled churned within the horizon.' })
  positives: number | null;
  @Field(() => Int, { nullable: true, description: 'Distinct CHURN movements behind the positive rows.' })
  churnEvents: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'ROC AUC on the time-based holdout (HEURISTIC: of the heuristic on all labelled rows).',
  })
  auc: number | null;
  @Field(() => Float, { nullable: true })
  prAuc: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean squared error of the holdout probabilities.' })
  brier: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Churn rate of the training part: the no-skill forecast the Brier skill score is measured against.',
  })
  baseRate: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Brier skill score vs always forecasting the base rate: 1 − brier / brier(base rate); > 0 beats it.',
  })
  brierSkill: number | null;
  @Field(() => [CalibrationBinModel], {
    description: 'Holdout calibration: 10 bins of predicted probability with counts.',
  })
  calibration: CalibrationBinModel[];
  @Field(() => [RiskFeatureCoverageModel], {
    description: 'How many training rows each numeric feature had (observed-data rule), and whether it is used.',
  })
  featureCoverage: RiskFeatureCoverageModel[];
  @Field(() => [String], {
    description:
      'Warnings recorded on the model: sources with too little labelled history left out, coefficients against a documented direction dropped.',
  })
  warnings: string[];
  @Field(() => [CoefficientModel], { description: 'Empty for HEURISTIC.' })
  coefficients: CoefficientModel[];
  @Field(() => Int, { nullable: true, description: 'Holdout rows (the latest complete snapshots).' })
  testRows: number | null;
  @Field(() => Int, { nullable: true })
  testPositives: number | null;
  @Field(() => [String], { description: 'Holdout snapshot days (YYYY-MM-DD).' })
  testDays: string[];
  @Field(() => String, { nullable: true, description: 'Why HEURISTIC, or why FAILED.' })
  note: string | null;
}

@ObjectType('RiskDriver')
export class RiskDriverModel {
  @Field({ description: 'Design column: a feature, `segment=<value>`, or `missing:<source>` (no data observed).' })
  feature: string;
  @Field(() => Float, {
    nullable: true,
    description: 'The raw feature value (null for a category or a missing-data indicator; see feature).',
  })
  value: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'The value the model used: clipped to the training range (1st–99th percentile); differs from value only when value lies outside it.',
  })
  clippedValue: number | null;
  @Field({ description: 'Plain English, ready to show as it is, e.g. "No activity for 32 days".' })
  label: string;
  @Field(() => Float, {
    description:
      'LOGISTIC: contribution to the log-odds vs the average account (> 0 raises risk). HEURISTIC: health points removed (> 0 raises risk).',
  })
  contribution: number;
}

@ObjectType('AccountRisk')
export class AccountRiskModel {
  @Field(() => Float)
  probability: number;
  @Field(() => RiskBandEnum)
  band: RiskBandEnum;
  @Field(() => [RiskDriverModel], { description: 'Top 5 drivers, largest |contribution| first.' })
  drivers: RiskDriverModel[];
  @Field(() => String, {
    nullable: true,
    description:
      'Set when risk and health disagree (health RED and risk LOW, or GREEN and HIGH): why, in plain words. Else null.',
  })
  note: string | null;
  @Field(() => Int, { nullable: true, description: 'null when scored heuristically before any model was trained.' })
  modelVersion: number | null;
  @Field(() => RiskMethodEnum)
  method: RiskMethodEnum;
  @Field(() => DateTimeScalar)
  computedAt: Date;
}

@ObjectType('RiskFeatureValue')
export class RiskFeatureValueModel {
  @Field()
  name: string;
  @Field(() => Float, { nullable: true })
  value: number | null;
}

@ObjectType('RiskFeatures')
export class RiskFeaturesModel {
  @Field(() => ID)
  accountId: string;
  @Field(() => DateTimeScalar)
  asOf: Date;
  @Field({ description: 'Whether the account had MRR > 0 just before asOf (only active accounts get features).' })
  active: boolean;
  @Field(() => String, { nullable: true })
  segment: string | null;
  @Field(() => [RiskFeatureValueModel])
  features: RiskFeatureValueModel[];
  @Field(() => Boolean, { nullable: true, description: 'Label: a CHURN movement in [asOf, asOf + horizonDays).' })
  churnedWithinHorizon: boolean | null;
}
