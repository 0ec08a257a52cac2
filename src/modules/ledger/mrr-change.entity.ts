import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../database/bigint.transformer';

/** What a caller said an account's MRR is from `effectiveAt` on. Movements are derived from these. */
@Entity({ name: 'mrr_changes' })
export class MrrChangeEntity {
  @PrimaryColumn('uuid', { name: 'account_id' })
  accountId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'bigint', transformer: bigintToNumber, insert: false, update: false })
  seq: number;

  @Column('timestamptz', { name: 'effective_at' })
  effectiveAt: Date;

  @Column('bigint', { name: 'mrr_cents', transformer: bigintToNumber })
  mrrCents: number;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('uuid', { name: 'recorded_by', nullable: true })
  recordedBy: string | null;

  @Column({ type: 'timestamptz', name: 'recorded_at', insert: false, update: false })
  recordedAt: Date;
}
