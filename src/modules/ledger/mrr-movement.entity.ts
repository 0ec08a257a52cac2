import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../database/bigint.transformer';
import { MovementType } from '../../core/ledger/derive-movements';

/** A derived MRR movement (one per MRR change that actually changed the MRR). */
@Entity({ name: 'mrr_movements' })
export class MrrMovementEntity {
  @PrimaryColumn('uuid', { name: 'account_id' })
  accountId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  type: MovementType;

  @Column('bigint', { name: 'amount_cents', transformer: bigintToNumber })
  amountCents: number;

  @Column('bigint', { name: 'mrr_before_cents', transformer: bigintToNumber })
  mrrBeforeCents: number;

  @Column('bigint', { name: 'mrr_after_cents', transformer: bigintToNumber })
  mrrAfterCents: number;

  @Column('timestamptz', { name: 'effective_at' })
  effectiveAt: Date;

  @Column('bigint', { transformer: bigintToNumber })
  seq: number;
}
