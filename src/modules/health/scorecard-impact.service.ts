import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { validateScorecard } from '../../core/health/scorecard-scoring';
import { ScorecardInput } from './models/health.model';
import { HealthComputer } from './health-computer.service';
import { ScorecardsService, StoredScorecard, toDefinition } from './scorecards.service';
import { scorecardAccountIds } from './scorecard-scope.sql';
import { todayUtc } from './health-days';
import { ScorecardBandChangeModel, ScorecardImpactModel } from './models/scorecard-impact.model';

export const MAX_IMPACT_CHANGES = 500;

/**
 * The what-if over a whole scope: every account an unsaved scorecard would apply to is scored twice as of today,
 * with the saved scorecards and with the unsaved one (two set-based computes over the same data), so a difference
 * is the scorecard's alone. Nothing is stored.
 */
@Injectable()
export class ScorecardImpact {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly computer: HealthComputer,
    private readonly scorecards: ScorecardsService,
  ) {}

  async impact(input: ScorecardInput, limit: number): Promise<ScorecardImpactModel> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_IMPACT_CHANGES)
      throw AppError.badInput('limit', `must be an integer from 1 to ${MAX_IMPACT_CHANGES}`);
    const def = toDefinition(input);
    const problems = validateScorecard(def);
    if (problems.length) throw AppError.badInput(problems);
    const saved = await this.scorecards.listScorecards();
    const others = saved
      .filter((c) => c.segment !== null && c.segment !== def.segment && c.id !== input.id)
      .map((c) => c.segment as string);
    const ids = await scorecardAccountIds(this.db, def.segment, others);
    if (!ids.length) return { accounts: 0, changed: 0, changes: [] };
    // The unsaved card applies to every account of the scope: give it no segment so selection always picks it.
    const card: StoredScorecard = {
      ...def,
      segment: null,
      id: input.id ?? '00000000-0000-0000-0000-000000000000',
      version: 0,
    };
    const day = todayUtc();
    const [before, after] = await Promise.all([
      this.computer.compute(ids, day, saved),
      this.computer.compute(ids, day, [card]),
    ]);
    const was = new Map(before.map((c) => [c.accountId, c.result]));
    const moved = after
      .map((c) => ({ id: c.accountId, now: c.result, then: was.get(c.accountId) }))
      .filter((m) => m.then && m.then.band !== m.now.band);
    moved.sort((a, b) => change(b) - change(a) || a.id.localeCompare(b.id));
    const shown = moved.slice(0, limit);
    const names: Array<{ id: string; name: string; segment: string | null }> = shown.length
      ? await this.db.query(`SELECT id, name, segment FROM accounts WHERE id = ANY($1::uuid[])`, [
          shown.map((m) => m.id),
        ])
      : [];
    const byId = new Map(names.map((n) => [n.id, n]));
    const changes: ScorecardBandChangeModel[] = shown.map((m) => ({
      accountId: m.id,
      accountName: byId.get(m.id)?.name ?? '',
      segment: byId.get(m.id)?.segment ?? null,
      scoreBefore: m.then!.score,
      bandBefore: m.then!.band,
      scoreAfter: m.now.score,
      bandAfter: m.now.band,
    }));
    return { accounts: after.length, changed: moved.length, changes };
  }
}

/** How far the score moved (a score appearing or disappearing counts as 100). */
function change(m: { now: { score: number | null }; then?: { score: number | null } }): number {
  const a = m.then?.score ?? null;
  const b = m.now.score;
  return a === null || b === null ? (a === b ? 0 : 100) : Math.abs(b - a);
}
