import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { UUID_RE } from '../../core/ids';
import { ACCOUNT_NUMERIC_FEATURES } from '../../core/risk/account-features';
import {
  AccountFeatures,
  FeatureSources,
  featureQuery,
  mapFeatureRow,
  ObservedSince,
  observedSinceSql,
  SOURCE_CHECK_SQL,
} from './risk-features.sql';

/** What the model sees of the book: which sources exist, since when they are observed, features as of a moment. */
export interface FeatureContext {
  sources: FeatureSources;
  observedSince: ObservedSince;
}

@Injectable()
export class RiskFeaturesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async context(): Promise<FeatureContext> {
    const [r] = await this.db.query(SOURCE_CHECK_SQL);
    const sources: FeatureSources = {
      signals: r.signals,
      feedback: r.feedback,
      healthHistory: r.health_history,
      healthCurrent: r.health_current,
    };
    const [o] = await this.db.query(observedSinceSql(sources));
    return { sources, observedSince: { signals: o.signals, feedback: o.feedback, health: o.health } };
  }

  /** Features of the accounts active at t (one query), with labels for the horizon. */
  async featuresAt(
    t: Date,
    horizonDays: number,
    accountIds: string[] | null,
    live: boolean,
    ctx?: FeatureContext,
  ): Promise<AccountFeatures[]> {
    const c = ctx ?? (await this.context());
    const rows = await this.db.query(featureQuery(c.sources, { live }), [
      t.toISOString(),
      horizonDays,
      accountIds,
      c.observedSince.signals,
      c.observedSince.feedback,
      c.observedSince.health,
    ]);
    return rows.map(mapFeatureRow);
  }

  /** ADMIN/test view of one account's features as of a moment. */
  async featuresOf(accountId: string, asOf: Date, horizonDays: number) {
    if (!UUID_RE.test(accountId)) throw AppError.badInput('accountId', 'must be an account id');
    const [acc] = await this.db.query(`SELECT id, segment FROM accounts WHERE id = $1`, [accountId]);
    if (!acc) throw AppError.notFound('Account', accountId);
    const [found] = await this.featuresAt(asOf, horizonDays, [accountId], false);
    return {
      accountId,
      asOf,
      active: !!found,
      segment: acc.segment,
      features: ACCOUNT_NUMERIC_FEATURES.map((name) => ({
        name,
        value: found ? ((found.row[name] as number | null) ?? null) : null,
      })),
      churnedWithinHorizon: found ? found.churnEvent !== null : null,
    };
  }
}
