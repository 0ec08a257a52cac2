import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfo } from '../../../common/pagination/connection';
import { CentsScalar } from '../../../common/scalars/cents.scalar';
import { MetricFigure as CoreMetricFigure } from '../../../core/metrics/drill-down';
import { MrrMovementModel } from '../../ledger/models/mrr-movement.model';

/** The GraphQL enum of src/core/metrics/drill-down (the one owner of the figure vocabulary). */
export const MetricFigure = {
  START_CUSTOMERS: 'START_CUSTOMERS',
  END_CUSTOMERS: 'END_CUSTOMERS',
  NEW: 'NEW',
  ACQUIRED: 'ACQUIRED',
  CHURNED: 'CHURNED',
  EXPANSION: 'EXPANSION',
  CONTRACTION: 'CONTRACTION',
  REACTIVATION: 'REACTIVATION',
  RETAINED: 'RETAINED',
  SERVED: 'SERVED',
  COHORT_EXPANSION: 'COHORT_EXPANSION',
  COHORT_CONTRACTION: 'COHORT_CONTRACTION',
  COHORT_CHURN: 'COHORT_CHURN',
} as const satisfies { [K in CoreMetricFigure]: K };
export type MetricFigure = CoreMetricFigure;
registerEnumType(MetricFigure, {
  name: 'MetricFigure',
  description: 'A retention figure whose accounts can be listed (metricAccounts); see docs/web.md.',
  valuesMap: {
    START_CUSTOMERS: {
      description: 'S: MRR > 0 just before from (customersAtStart; amount start MRR → startMrrCents).',
    },
    END_CUSTOMERS: { description: 'E: MRR > 0 just before to (customersAtEnd; amount end MRR → endMrrCents).' },
    NEW: { description: 'A NEW movement in the period (newCustomers; amount → newMrrCents).' },
    ACQUIRED: { description: 'N: NEW, or REACTIVATION while not in S (acquiredCustomers; amount new + reactivation).' },
    CHURNED: { description: 'A CHURN movement in the period (churnedCustomers; amount → churnedMrrCents).' },
    EXPANSION: { description: 'EXPANSION movements in the period (amount → expansionMrrCents).' },
    CONTRACTION: { description: 'CONTRACTION movements in the period (amount → contractionMrrCents).' },
    REACTIVATION: {
      description: 'A REACTIVATION in the period (reactivatedCustomers; amount → reactivationMrrCents).',
    },
    RETAINED: {
      description: 'E − N: start customers still active at the end (logo retention numerator; amount end MRR).',
    },
    SERVED: { description: 'MRR > 0 at some instant of the period (customersServed; amount end MRR).' },
    COHORT_EXPANSION: {
      description: 'NRR: start customers without a churn whose MRR rose (amount end − start; startCohort expansion).',
    },
    COHORT_CONTRACTION: {
      description:
        'NRR/GRR: start customers without a churn whose MRR fell (amount start − end; startCohort contraction).',
    },
    COHORT_CHURN: {
      description: 'NRR/GRR: start customers with a CHURN in the period (amount their start MRR; startCohort churn).',
    },
  },
});

@ObjectType('MetricAccount', { description: 'An account behind a retention figure, with its movements in the period.' })
export class MetricAccountModel {
  @Field(() => ID)
  accountId: string;
  @Field()
  name: string;
  @Field(() => String, { nullable: true })
  segment: string | null;
  @Field(() => ID, { nullable: true })
  ownerId: string | null;
  @Field(() => CentsScalar, { description: "The account's contribution to the figure (summed in sumCents)." })
  amountCents: number;
  @Field(() => CentsScalar, { description: 'MRR just before from.' })
  startMrrCents: number;
  @Field(() => CentsScalar, { description: 'MRR just before to.' })
  endMrrCents: number;
  @Field(() => [MrrMovementModel], { description: 'Every MRR movement of the account in [from, to), ledger order.' })
  movements: MrrMovementModel[];
}

@ObjectType('MetricAccountEdge')
export class MetricAccountEdgeModel {
  @Field()
  cursor: string;
  @Field(() => MetricAccountModel)
  node: MetricAccountModel;
}

@ObjectType('MetricAccountConnection', { description: 'The accounts behind a figure, largest amount first.' })
export class MetricAccountConnectionModel {
  @Field(() => [MetricAccountEdgeModel])
  edges: MetricAccountEdgeModel[];
  @Field(() => PageInfo)
  pageInfo: PageInfo;
  @Field(() => Int, { description: 'Number of accounts behind the figure (all pages).' })
  totalCount: number;
  @Field(() => CentsScalar, { description: 'Sum of amountCents over every account behind the figure (all pages).' })
  sumCents: number;
}
