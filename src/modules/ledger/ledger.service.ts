import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { deriveMovements, DerivedMovement, ledgerState, MrrSetPoint } from '../../core/ledger/derive-movements';
import { ACCOUNT_EVENTS, AccountChurnedEvent, MrrChangedEvent } from '../accounts/account.events';
import { RecordMrrChangeInput } from './dto/record-mrr-change.input';
import { MrrMovementEntity } from './mrr-movement.entity';

export interface LedgerTransition {
  accountId: string;
  before: string;
  after: ReturnType<typeof ledgerState>;
}

/** Changes may not be dated in the future beyond clock skew: the ledger records what the MRR is, not plans. */
const MAX_FUTURE_MS = 5 * 60 * 1000;

@Injectable()
export class LedgerService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * Records what an account's MRR is from `effectiveAt` on, derives the movement, and re-derives the
   * account's later movements (late data is normal) — all in one transaction with the account row locked.
   */
  async recordMrrChange(input: RecordMrrChangeInput, actorId: string | null): Promise<DerivedMovement> {
    if (input.effectiveAt.getTime() > Date.now() + MAX_FUTURE_MS) {
      throw AppError.badInput('effectiveAt', 'must not be in the future');
    }
    const { movement, before, after } = await this.db.transaction(async (em) => {
      const before = await this.lockAccount(em, input.accountId);
      const [inserted] = await em.query(
        `INSERT INTO mrr_changes (account_id, effective_at, mrr_cents, note, recorded_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [input.accountId, input.effectiveAt, input.mrrCents, input.note ?? null, actorId],
      );
      const movements = await this.rederive(em, input.accountId);
      const movement = movements.find((m) => m.id === inserted.id);
      if (!movement) {
        throw AppError.badInput(
          'mrrCents',
          `equals the MRR already in force at ${input.effectiveAt.toISOString()}; nothing would change`,
        );
      }
      const after = ledgerState(movements);
      return { movement, before, after };
    });
    this.afterCommit([input.accountId], [{ accountId: input.accountId, before: before.status, after }]);
    return movement;
  }

  /**
   * Makes the account's statements of one `origin` (a connector, e.g. 'stripe') exactly `points`, in the caller's
   * transaction: unchanged statements keep their ids, the others are removed or added, and the account's movements
   * are re-derived (back-dated points included). Statements of other origins (people, imports) are left alone.
   * After the commit, pass the returned transition to `announce`.
   */
  async replaceStatements(
    em: EntityManager,
    accountId: string,
    origin: string,
    points: ReadonlyArray<{ at: Date; mrrCents: number }>,
  ): Promise<LedgerTransition | null> {
    const before = await this.lockAccount(em, accountId);
    const existing: Array<{ id: string; effective_at: Date; mrr_cents: string }> = await em.query(
      `SELECT id, effective_at, mrr_cents FROM mrr_changes WHERE account_id = $1 AND origin = $2`,
      [accountId, origin],
    );
    const key = (t: Date, mrr: number) => `${t.getTime()}:${mrr}`;
    const wanted = new Map(points.map((p) => [key(p.at, p.mrrCents), p]));
    const stale = existing.filter((r) => !wanted.delete(key(r.effective_at, Number(r.mrr_cents))));
    if (!stale.length && !wanted.size) return null;
    if (stale.length)
      await em.query(`DELETE FROM mrr_changes WHERE account_id = $1 AND id = ANY($2::uuid[])`, [
        accountId,
        stale.map((r) => r.id),
      ]);
    const added = [...wanted.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
    if (added.length)
      await em.query(
        `INSERT INTO mrr_changes (account_id, effective_at, mrr_cents, note, origin)
         SELECT $1, * FROM unnest($2::timestamptz[], $3::bigint[], $4::text[], $5::text[])`,
        [
          accountId,
          added.map((p) => p.at),
          added.map((p) => p.mrrCents),
          added.map(() => origin),
          added.map(() => origin),
        ],
      );
    const movements = await this.rederive(em, accountId);
    return { accountId, before: before.status, after: ledgerState(movements) };
  }

  /** Tells the rest of the service about committed ledger changes (MRR changed; churned). */
  announce(transitions: ReadonlyArray<LedgerTransition | null>): void {
    const done = transitions.filter((t): t is LedgerTransition => t !== null);
    if (done.length) this.afterCommit([...new Set(done.map((t) => t.accountId))], done);
  }

  /** Movements of many accounts in time order (for DataLoaders). */
  async movementsFor(accountIds: readonly string[]): Promise<MrrMovementEntity[]> {
    if (!accountIds.length) return [];
    return this.db
      .getRepository(MrrMovementEntity)
      .createQueryBuilder('m')
      .where('m.account_id = ANY(:ids)', { ids: accountIds })
      .orderBy('m.account_id')
      .addOrderBy('m.effective_at')
      .addOrderBy('m.seq')
      .getMany();
  }

  /** Replays one account's statements, rewrites its movements and its status columns. */
  async rederive(em: EntityManager, accountId: string): Promise<DerivedMovement[]> {
    const rows: Array<{ id: string; effective_at: Date; seq: string; mrr_cents: string }> = await em.query(
      `SELECT id, effective_at, seq, mrr_cents FROM mrr_changes WHERE account_id = $1`,
      [accountId],
    );
    const points: MrrSetPoint[] = rows.map((r) => ({
      id: r.id,
      effectiveAt: r.effective_at,
      seq: Number(r.seq),
      mrrCents: Number(r.mrr_cents),
    }));
    const movements = deriveMovements(points);
    await em.query(`DELETE FROM mrr_movements WHERE account_id = $1`, [accountId]);
    if (movements.length) {
      await em.query(
        `INSERT INTO mrr_movements (account_id, id, type, amount_cents, mrr_before_cents, mrr_after_cents, effective_at, seq)
         SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::timestamptz[], $8::bigint[])`,
        [
          accountId,
          movements.map((m) => m.id),
          movements.map((m) => m.type),
          movements.map((m) => m.amountCents),
          movements.map((m) => m.mrrBeforeCents),
          movements.map((m) => m.mrrAfterCents),
          movements.map((m) => m.effectiveAt),
          movements.map((m) => m.seq),
        ],
      );
    }
    const state = ledgerState(movements);
    await em.query(
      `UPDATE accounts SET mrr_cents = $2, status = $3, churned_at = $4,
              customer_since = COALESCE(customer_since, $5), updated_at = now()
        WHERE id = $1`,
      [accountId, state.mrrCents, state.status, state.churnedAt, state.firstPaidAt],
    );
    return movements;
  }

  private async lockAccount(em: EntityManager, accountId: string): Promise<{ status: string }> {
    const rows = await em.query(`SELECT status FROM accounts WHERE id = $1 FOR UPDATE`, [accountId]);
    if (!rows.length) throw AppError.notFound('Account', accountId, 'accountId');
    return rows[0];
  }

  private afterCommit(accountIds: string[], transitions: readonly LedgerTransition[]): void {
    const changed: MrrChangedEvent = { accountIds };
    this.events.emit(ACCOUNT_EVENTS.mrrChanged, changed);
    for (const t of transitions) {
      if (t.before !== 'CHURNED' && t.after.status === 'CHURNED' && t.after.churnedAt) {
        const ev: AccountChurnedEvent = { accountId: t.accountId, churnedAt: t.after.churnedAt };
        this.events.emit(ACCOUNT_EVENTS.churned, ev);
      }
    }
  }
}

/**
 * Set-based re-derivation of the movements of many accounts (or all) from their MRR statements, and of
 * the accounts' MRR/status columns — one statement each, for bulk loads (import, demo data).
 * Produces exactly what `deriveMovements` does per account.
 */
export async function rederiveAccountsSql(em: EntityManager, accountIds: string[] | null): Promise<void> {
  const scope = accountIds ? 'account_id = ANY($1::uuid[])' : 'TRUE';
  const params = accountIds ? [accountIds] : [];
  await em.query(`DELETE FROM mrr_movements WHERE ${scope}`, params);
  await em.query(
    `INSERT INTO mrr_movements (account_id, id, type, amount_cents, mrr_before_cents, mrr_after_cents, effective_at, seq)
     SELECT account_id, id,
            CASE WHEN prev = 0 AND NOT paid_before THEN 'NEW'
                 WHEN prev = 0 THEN 'REACTIVATION'
                 WHEN mrr_cents = 0 THEN 'CHURN'
                 WHEN mrr_cents > prev THEN 'EXPANSION'
                 ELSE 'CONTRACTION' END,
            abs(mrr_cents - prev), prev, mrr_cents, effective_at, seq
       FROM (SELECT c.account_id, c.id, c.mrr_cents, c.effective_at, c.seq,
                    COALESCE(lag(c.mrr_cents) OVER w, 0) AS prev,
                    COALESCE(bool_or(c.mrr_cents > 0) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS paid_before
               FROM mrr_changes c WHERE ${scope}
             WINDOW w AS (PARTITION BY c.account_id ORDER BY c.effective_at, c.seq)) x
      WHERE mrr_cents <> prev`,
    params,
  );
  await em.query(
    `UPDATE accounts a
        SET mrr_cents = l.mrr_after_cents,
            status = CASE WHEN l.mrr_after_cents > 0 THEN 'ACTIVE' ELSE 'CHURNED' END,
            churned_at = CASE WHEN l.mrr_after_cents = 0 THEN l.effective_at END,
            customer_since = COALESCE(a.customer_since, l.first_at),
            updated_at = now()
       FROM (SELECT DISTINCT ON (account_id) account_id, mrr_after_cents, effective_at,
                    min(effective_at) OVER (PARTITION BY account_id) AS first_at
               FROM mrr_movements WHERE ${scope}
              ORDER BY account_id, effective_at DESC, seq DESC) l
      WHERE a.id = l.account_id`,
    params,
  );
}
