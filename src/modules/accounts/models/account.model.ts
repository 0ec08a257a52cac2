import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CentsScalar } from '../../../common/scalars/cents.scalar';
import { DateScalar, DateTimeScalar } from '../../../common/scalars/date.scalar';
import { ConnectionType } from '../../../common/pagination/connection';

export enum AccountStatusEnum {
  PROSPECT = 'PROSPECT',
  ACTIVE = 'ACTIVE',
  CHURNED = 'CHURNED',
}
registerEnumType(AccountStatusEnum, {
  name: 'AccountStatus',
  description: 'PROSPECT: never paid; ACTIVE: MRR > 0; CHURNED: MRR back to 0 after paying',
});

@ObjectType('Account')
export class AccountModel {
  @Field(() => ID)
  id: string;

  @Field({ description: "The account's id in the customer's CRM or billing system (unique)." })
  externalId: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  segment: string | null;

  /** Resolved through a DataLoader (owner field resolver). */
  ownerId: string | null;

  @Field(() => AccountStatusEnum)
  status: AccountStatusEnum;

  @Field(() => CentsScalar)
  mrrCents: number;

  @Field(() => CentsScalar, { description: '12 × MRR' })
  arrCents: number;

  @Field(() => DateTimeScalar, { nullable: true })
  customerSince: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  churnedAt: Date | null;

  @Field(() => DateScalar, { nullable: true })
  renewalDate: string | null;

  @Field(() => String, { nullable: true })
  industry: string | null;
}

@ObjectType('AccountConnection')
export class AccountConnection extends ConnectionType(AccountModel, 'Account') {}
