import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from '../../database/bigint.transformer';

export type AccountStatus = 'PROSPECT' | 'ACTIVE' | 'CHURNED';

@Entity({ name: 'accounts' })
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { name: 'external_id' })
  externalId: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  segment: string | null;

  @Column('uuid', { name: 'owner_id', nullable: true })
  ownerId: string | null;

  @Column('text', { nullable: true })
  industry: string | null;

  @Column('timestamptz', { name: 'customer_since', nullable: true })
  customerSince: Date | null;

  /** A calendar date, kept as 'YYYY-MM-DD'. */
  @Column('date', { name: 'renewal_date', nullable: true })
  renewalDate: string | null;

  @Column('text')
  status: AccountStatus;

  @Column('bigint', { name: 'mrr_cents', transformer: bigintToNumber })
  mrrCents: number;

  @Column('timestamptz', { name: 'churned_at', nullable: true })
  churnedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
