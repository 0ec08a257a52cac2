import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SourceKindName } from '../../core/sources/source-vocabulary';

/** A place data flows in from (a Segment-compatible SDK, Stripe, an import). Its write key is stored hashed only. */
@Entity({ name: 'sources' })
export class SourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  kind: SourceKindName;

  @Column('text')
  name: string;

  @Column('char', { name: 'write_key_hash', length: 64 })
  writeKeyHash: string;

  @Column('text', { name: 'write_key_prefix' })
  writeKeyPrefix: string;

  /** Events per minute this source may send; null = the service default (SOURCE_RATE_LIMIT_PER_MINUTE); 0 = no limit. */
  @Column('int', { name: 'rate_limit_per_minute', nullable: true })
  rateLimitPerMinute: number | null;

  /** Group trait copied to the account's segment (null = `plan`). */
  @Column('text', { name: 'segment_trait', nullable: true })
  segmentTrait: string | null;

  /** Group trait naming the account owner's e-mail (null = `ownerEmail`). */
  @Column('text', { name: 'owner_email_trait', nullable: true })
  ownerEmailTrait: string | null;

  /** Unattributed events older than this are reported, then purged (null = SOURCE_UNATTRIBUTED_MAX_AGE_DAYS). */
  @Column('int', { name: 'unattributed_max_age_days', nullable: true })
  unattributedMaxAgeDays: number | null;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
