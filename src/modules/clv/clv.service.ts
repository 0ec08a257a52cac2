import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Cron, CronExpression } from '@nestjs/schedule';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { AppError } from '../../common/errors/app-error';
import { fitSbg, monthlyDiscountRate, sbgSurvival } from '../../core/clv';
import {
  AccountClv,
  formulaAccountClv,
  GEOMETRIC_LIMIT,
  LedgerAccount,
  monthlyCohorts,
  renewalsSoFar,
  sbgAccountClv,
  segmentMonthlyChurn,
} from '../../core/clv/ledger-cohorts';
import { UUID_RE } from '../../core/ids';
import { lockForTransaction, tryLockForTransaction } from '../../database/advisory-locks';

/** Below these, a segment's CLV uses the formula instead of the sBG model. */
export const MIN_COHORTS = 6;
export const MIN_CUSTOMERS = 30;
const FIT_LOCK = 'clv-fit';

export interface SegmentFit {
  segmentKey: string;
  segment: string | null;
  method: 'SBG' | 'FORMULA';
  alpha: number | null;
  beta: number | null;
  logLikelihood: number | null;
  converged: boolean | null;
  cohorts: number;
  customers: number;
  survivors: number[][];
  monthlyChurn: number | null;
  churnCustomerMonths: number;
  arpaCents: number | null;
  note: string | null;
  fittedAt: Date;
}

export interface AccountClvRow extends AccountClv {
  accountId: string;
  method: 'SBG' | 'FORMULA';
  renewals: number;
}

/** '*' = every account pooled; 's:<name>' a segment; 'none' accounts without a segment. */
export const segmentKey = (segment: string | null | undefined): string => (segment == null ? 'none' : `s:${segment}`);

function mapFit(r: Record<string, any>): SegmentFit {
  return {
    segmentKey: r.segment_key,
    segment: r.segment,
    method: r.method,
    alpha: r.alpha,
    beta: r.beta,
    logLikelihood: r.log_likelihood,
    converged: r.converged,
    cohorts: r.cohorts,
    customers: r.customers,
    survivors: r.survivors,
    monthlyChurn: r.monthly_churn,
    churnCustomerMonths: r.churn_customer_months,
    arpaCents: r.arpa_cents === null ? null : Number(r.arpa_cents),
    note: r.note,
    fittedAt: r.fitted_at,
  };
}

/**
 * CLV in the product: sBG fitted per segment on the monthly cohorts of the MRR ledger (pooled likelihood),
 * cached in `clv_segment_fits` (refit daily, on demand, or when the cache is empty; one fitter at a time via
 * an advisory lock), and per-account values MRR × margin × DERL.
 */
@Injectable()
export class ClvService {
  private readonly logger = new Logger('Clv');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Every account with a NEW movement: segment, first NEW instant and its MRR path. One query. */
  private async ledger(
    em: EntityManager,
  ): Promise<Array<LedgerAccount & { segment: string | null; mrrCents: number }>> {
    const rows = await em.query(
      `SELECT a.segment, a.mrr_cents,
              min(m.effective_at) FILTER (WHERE m.type = 'NEW') AS first_new,
              array_agg((extract(epoch FROM m.effective_at) * 1000)::float8 ORDER BY m.effective_at, m.seq) AS ats,
              array_agg(m.mrr_after_cents ORDER BY m.effective_at, m.seq) AS mrrs
         FROM accounts a JOIN mrr_movements m ON m.account_id = a.id
        GROUP BY a.id
       HAVING bool_or(m.type = 'NEW')`,
    );
    return rows.map((r: Record<string, any>) => ({
      segment: r.segment,
      mrrCents: Number(r.mrr_cents),
      firstNewAt: new Date(r.first_new),
      movements: (r.ats as number[]).map((at, i) => ({ at: new Date(Number(at)), mrrAfter: Number(r.mrrs[i]) })),
    }));
  }

  private fitGroup(
    key: string,
    segment: string | null,
    accounts: Array<LedgerAccount & { mrrCents: number }>,
    now: Date,
  ): SegmentFit {
    const cohorts = monthlyCohorts(accounts, now);
    const customers = cohorts.reduce((s, c) => s + c[0], 0);
    const churn = segmentMonthlyChurn(accounts, now);
    const paying = accounts.filter((a) => a.mrrCents > 0);
    const arpaCents = paying.length ? Math.round(paying.reduce((s, a) => s + a.mrrCents, 0) / paying.length) : null;
    const base = {
      segmentKey: key,
      segment,
      cohorts: cohorts.length,
      customers,
      survivors: cohorts,
      monthlyChurn: churn.monthlyChurn,
      churnCustomerMonths: churn.customerMonths,
      arpaCents,
      fittedAt: now,
    };
    const formula = (note: string): SegmentFit => ({
      ...base,
      method: 'FORMULA',
      alpha: null,
      beta: null,
      logLikelihood: null,
      converged: null,
      note,
    });
    if (cohorts.length < MIN_COHORTS || customers < MIN_CUSTOMERS) {
      return formula(
        `${cohorts.length} monthly cohorts and ${customers} customers: the sBG model needs at least ${MIN_COHORTS} cohorts and ${MIN_CUSTOMERS} customers`,
      );
    }
    try {
      const fit = fitSbg(cohorts);
      const geometric = fit.alpha + fit.beta > GEOMETRIC_LIMIT;
      const note = geometric
        ? `no heterogeneity in churn: the sBG fit is at its geometric limit, constant monthly churn θ = ${(fit.alpha / (fit.alpha + fit.beta)).toFixed(4)}`
        : fit.converged
          ? null
          : 'the optimiser did not fully converge';
      return {
        ...base,
        method: 'SBG',
        alpha: fit.alpha,
        beta: fit.beta,
        logLikelihood: fit.logLikelihood,
        converged: fit.converged,
        note,
      };
    } catch (err) {
      return formula(`sBG fit not possible: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * Refits every segment (and the pooled book) and replaces the cache, under an advisory lock.
   * `skipIfBusy`: return null instead of waiting when another instance is fitting.
   */
  async refit(skipIfBusy = false): Promise<SegmentFit[] | null> {
    return this.db.transaction(async (em) => {
      if (skipIfBusy) {
        if (!(await tryLockForTransaction(em, FIT_LOCK))) return null;
      } else {
        await lockForTransaction(em, FIT_LOCK);
      }
      const now = new Date();
      const accounts = await this.ledger(em);
      const groups = new Map<string, { segment: string | null; accounts: typeof accounts }>();
      groups.set('*', { segment: null, accounts });
      for (const a of accounts) {
        const key = segmentKey(a.segment);
        const g = groups.get(key) ?? { segment: a.segment, accounts: [] };
        g.accounts.push(a);
        groups.set(key, g);
      }
      const fits = [...groups].map(([key, g]) => this.fitGroup(key, g.segment, g.accounts, now));
      await em.query(`DELETE FROM clv_segment_fits`);
      await em.query(
        `INSERT INTO clv_segment_fits (segment_key, segment, method, alpha, beta, log_likelihood, converged, cohorts, customers, survivors,
                                       monthly_churn, churn_customer_months, arpa_cents, note, fitted_at)
         SELECT x.segment_key, x.segment, x.method, x.alpha, x.beta, x.log_likelihood, x.converged, x.cohorts, x.customers, x.survivors,
                x.monthly_churn, x.churn_customer_months, x.arpa_cents, x.note, x.fitted_at
           FROM jsonb_to_recordset($1::jsonb) AS x(segment_key text, segment text, method text, alpha float8, beta float8, log_likelihood float8,
                converged boolean, cohorts int, customers int, survivors jsonb, monthly_churn float8, churn_customer_months int,
                arpa_cents bigint, note text, fitted_at timestamptz)`,
        [
          JSON.stringify(
            fits.map((f) => ({
              segment_key: f.segmentKey,
              segment: f.segment,
              method: f.method,
              alpha: f.alpha,
              beta: f.beta,
              log_likelihood: f.logLikelihood,
              converged: f.converged,
              cohorts: f.cohorts,
              customers: f.customers,
              survivors: f.survivors,
              monthly_churn: f.monthlyChurn,
              churn_customer_months: f.churnCustomerMonths,
              arpa_cents: f.arpaCents,
              note: f.note,
              fitted_at: f.fittedAt.toISOString(),
            })),
          ),
        ],
      );
      return fits;
    });
  }

  @Cron(CronExpression.EVERY_DAY_AT_4AM)
  async dailyRefit(): Promise<void> {
    const fits = await this.refit(true);
    if (fits) this.logger.log(`CLV refitted: ${fits.map((f) => `${f.segmentKey}=${f.method}`).join(', ')}`);
  }

  /** The cached fits, fitting first when the cache is empty. */
  async fits(): Promise<Map<string, SegmentFit>> {
    let rows = await this.db.query(`SELECT * FROM clv_segment_fits`);
    if (!rows.length) {
      await this.refit();
      rows = await this.db.query(`SELECT * FROM clv_segment_fits`);
    }
    return new Map(rows.map((r: Record<string, any>) => [r.segment_key as string, mapFit(r)]));
  }

  async retentionForecast(segment: string | null | undefined, months: number) {
    if (!Number.isInteger(months) || months < 1 || months > 120)
      throw AppError.badInput('months', 'must be an integer between 1 and 120');
    const fits = await this.fits();
    const fit = fits.get(segment == null ? '*' : segmentKey(segment));
    if (!fit) throw AppError.notFound('Segment', segment ?? undefined);
    let survival: number[];
    if (fit.method === 'SBG') survival = sbgSurvival(fit.alpha!, fit.beta!, months);
    else {
      const c = fit.monthlyChurn ?? 0;
      survival = Array.from({ length: months + 1 }, (_, t) => Math.pow(1 - c, t));
    }
    return {
      segment: fit.segment,
      method: fit.method,
      alpha: fit.alpha,
      beta: fit.beta,
      cohortsUsed: fit.cohorts,
      customers: fit.customers,
      monthlyChurn: fit.monthlyChurn,
      survival: survival.map((s, month) => ({ month, survival: s })),
      fittedAt: fit.fittedAt,
      note: fit.note,
    };
  }

  /** CLV of many accounts (batched): accounts with MRR 0 or no NEW movement get none. */
  async clvFor(accountIds: readonly string[]): Promise<AccountClvRow[]> {
    const ids = accountIds.filter((id) => UUID_RE.test(id));
    if (!ids.length) return [];
    const rows = await this.db.query(
      `SELECT a.id, a.segment, a.mrr_cents, f.first_new
         FROM accounts a
         JOIN (SELECT account_id, min(effective_at) AS first_new FROM mrr_movements
                WHERE type = 'NEW' AND account_id = ANY($1::uuid[]) GROUP BY account_id) f ON f.account_id = a.id
        WHERE a.id = ANY($1::uuid[]) AND a.mrr_cents > 0`,
      [ids],
    );
    if (!rows.length) return [];
    const fits = await this.fits();
    const now = new Date();
    const margin = this.config.GROSS_MARGIN;
    const d = monthlyDiscountRate(this.config.DISCOUNT_RATE);
    return rows.map((r: Record<string, any>) => {
      // A segment that appeared since the last fit uses the pooled book until the next refit.
      const fit = fits.get(segmentKey(r.segment)) ?? fits.get('*')!;
      const mrr = Number(r.mrr_cents);
      const renewals = renewalsSoFar(new Date(r.first_new), now);
      if (fit.method === 'SBG') {
        try {
          return {
            accountId: r.id,
            method: 'SBG' as const,
            renewals,
            ...sbgAccountClv(mrr, margin, fit.alpha!, fit.beta!, d, renewals),
          };
        } catch (err) {
          this.logger.warn(
            `sBG CLV failed for ${fit.segmentKey} (α=${fit.alpha}, β=${fit.beta}): ${String(err)}; using the formula`,
          );
        }
      }
      return {
        accountId: r.id,
        method: 'FORMULA' as const,
        renewals,
        ...formulaAccountClv(mrr, margin, fit.monthlyChurn),
      };
    });
  }
}
