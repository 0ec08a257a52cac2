import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../../common/auth/principal';
import { AppError } from '../../common/errors/app-error';
import { encodeCursor, readPageArgs } from '../../common/pagination/connection';
import { MetricFigure, figureMembers, membersAfter } from '../../core/metrics/drill-down';
import { MrrMovementType } from '../ledger/models/mrr-movement.model';
import { MetricsFilter, PeriodInput } from './dto/metrics.input';
import { MetricsService, readPeriod } from './metrics.service';
import { MetricAccountConnectionModel, MetricAccountModel } from './models/metric-accounts.model';

/**
 * The accounts behind a retention figure. Reads the same facts rows (FACTS_SQL) as retentionMetrics, so the
 * list's count and sum are the figure's; then the page's accounts and their movements in two set-based queries.
 */
@Injectable()
export class MetricAccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  async metricAccounts(
    p: Principal,
    input: PeriodInput,
    figure: MetricFigure,
    filter: MetricsFilter | null | undefined,
    firstArg: number | null | undefined,
    afterArg: string | null | undefined,
  ): Promise<MetricAccountConnectionModel> {
    const period = readPeriod(input.from, input.to, { from: 'period.from', to: 'period.to' });
    // Cursor: [amountCents, accountId] as text (see common/pagination/cursor.ts).
    const { first, after } = readPageArgs(firstArg, afterArg, ['bigint', 'uuid']);
    const afterKey = after ? readCursorKey(after) : null;
    const scope = this.metrics.scopeFor(p, filter);
    const all = figureMembers(figure, await this.metrics.facts(scope, period));
    const rest = membersAfter(all.members, afterKey);
    const page = rest.slice(0, first);
    const ids = page.map((m) => m.facts.accountId);

    const [accounts, movements] = await Promise.all([
      this.db.query<Array<{ id: string; name: string; segment: string | null; owner_id: string | null }>>(
        `SELECT id, name, segment, owner_id FROM accounts WHERE id = ANY($1::uuid[])`,
        [ids],
      ),
      this.db.query<
        Array<{
          id: string;
          account_id: string;
          type: MrrMovementType;
          amount_cents: string;
          mrr_before_cents: string;
          mrr_after_cents: string;
          effective_at: Date;
        }>
      >(
        `SELECT id, account_id, type, amount_cents, mrr_before_cents, mrr_after_cents, effective_at
           FROM mrr_movements
          WHERE account_id = ANY($1::uuid[]) AND effective_at >= $2::timestamptz AND effective_at < $3::timestamptz
          ORDER BY account_id, effective_at, seq`,
        [ids, period.from, period.to],
      ),
    ]);
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const movesOf = new Map<string, MetricAccountModel['movements']>();
    for (const m of movements) {
      let list = movesOf.get(m.account_id);
      if (!list) movesOf.set(m.account_id, (list = []));
      list.push({
        id: m.id,
        type: m.type,
        amountCents: Number(m.amount_cents),
        mrrBeforeCents: Number(m.mrr_before_cents),
        mrrAfterCents: Number(m.mrr_after_cents),
        effectiveAt: m.effective_at,
      });
    }
    const edges = page.map((m) => {
      const a = byId.get(m.facts.accountId);
      const node: MetricAccountModel = {
        accountId: m.facts.accountId,
        name: a?.name ?? '',
        segment: a?.segment ?? null,
        ownerId: a?.owner_id ?? null,
        amountCents: m.amountCents,
        startMrrCents: m.facts.startMrrCents,
        endMrrCents: m.facts.endMrrCents,
        movements: movesOf.get(m.facts.accountId) ?? [],
      };
      return { node, cursor: encodeCursor([String(m.amountCents), m.facts.accountId]) };
    });
    return {
      edges,
      pageInfo: { hasNextPage: rest.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      totalCount: all.totalCount,
      sumCents: all.sumCents,
    };
  }
}

/** A metricAccounts cursor is [amountCents, accountId] (values already checked by their shape). */
function readCursorKey(v: Array<string | null>): [number, string] {
  const amount = Number(v[0]);
  if (!Number.isSafeInteger(amount) || v[1] === null) throw AppError.badInput('after', 'is not a valid cursor');
  return [amount, v[1]];
}
