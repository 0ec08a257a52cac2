import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Principal } from '../../common/auth/principal';
import { validateScorecard } from '../../core/health/scorecard-scoring';
import { ScorecardInput } from './models/health.model';
import { HealthComputer } from './health-computer.service';
import type { AccountHealthView } from './health-reads.service';
import { StoredScorecard, toDefinition } from './scorecards.service';
import { todayUtc } from './health-days';
import { assertAccountsVisible } from '../../common/auth/account-access';

/** The what-if preview: an unsaved scorecard applied to some accounts, as of today. Nothing is stored. */
@Injectable()
export class ScorecardPreview {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly computer: HealthComputer,
  ) {}

  /** What-if: scores the given accounts with an unsaved scorecard, as of today. Nothing is stored. */
  async preview(input: ScorecardInput, accountIds: string[], p: Principal): Promise<AccountHealthView[]> {
    const def = toDefinition(input);
    const problems = validateScorecard(def);
    if (problems.length) throw AppError.badInput(problems);
    if (accountIds.length > 500) throw AppError.badInput('accountIds', 'at most 500 accounts per preview');
    const visible = await assertAccountsVisible(this.db, p, accountIds, { field: 'accountIds' });
    const card: StoredScorecard = {
      ...def,
      segment: null,
      id: input.id ?? '00000000-0000-0000-0000-000000000000',
      version: 0,
    };
    const day = todayUtc();
    const computed = await this.computer.compute(visible, day, [card]);
    const now = new Date();
    return computed.map((c) => ({
      accountId: c.accountId,
      score: c.result.score,
      band: c.result.band,
      computedBand: c.result.band,
      computedAt: now,
      scorecard: { id: card.id, name: card.name, version: 0 },
      components: c.result.components,
      trend: { delta7d: null, delta30d: null, direction: 'FLAT' as const },
      flags: c.flags.map((f) => ({ ...f, since: now })),
      override: null,
    }));
  }
}
