import type { Pool } from 'pg';
import { explainRisk, RiskModel } from '../../src/core/risk';
import {
  featureQuery,
  mapFeatureRow,
  observedSinceSql,
  SOURCE_CHECK_SQL,
} from '../../src/modules/risk/risk-features.sql';

/** Inactive for this long, an account's inactivity must not lower its risk. */
export const INACTIVE_DAYS = 14;

export interface RiskProperties {
  scored: number;
  /**
   * Stored scores not written by the active model (e.g. a rescore that began before the model was activated and
   * wrote the heuristic's scores over it): the properties below would then describe the wrong model.
   */
  notByActiveModel: number;
  /** Accounts inactive ≥ 14 days whose inactivity (days since last activity, or 0 active days) lowers their risk. */
  inactivityLowers: number;
  dormant: number;
  dormantLow: number;
  /**
   * DORMANT accounts at LOW risk that are silent in absolute terms too (≥ 14 days, or no active day in 30). The
   * DORMANT flag is relative to the account's own rhythm (silent for more than max(7, 3 × its usual gap) days), so a
   * daily user silent for 8 days is DORMANT; such a short gap may leave the risk LOW, a long silence may not.
   */
  dormantLowLongSilent: number;
  /** The LOW-risk DORMANT or multi-flag RED accounts, with their inactivity and note, for the test log. */
  exceptions: string[];
  /** RED accounts with four or more open red flags. */
  redMultiFlag: number;
  redMultiFlagLow: number;
  /** LOW risk with RED health, DORMANT or ≥ 4 flags, or HIGH risk with GREEN health — and no note saying why. */
  disagreementsWithoutNote: number;
  disagreements: number;
}

/**
 * The common-sense properties of issue 20 on the book in `db`, against the active LOGISTIC model and the stored
 * scores: every account's full explanation is recomputed from the model JSON and the live features (the same
 * query the service scores with), so drivers outside the top 5 count too.
 */
export async function riskProperties(db: Pool): Promise<RiskProperties> {
  const { rows: models } = await db.query(
    `SELECT model, horizon_days, version FROM risk_models WHERE status = 'ACTIVE' ORDER BY version DESC LIMIT 1`,
  );
  const model: RiskModel | null = models[0]?.model ?? null;
  if (!model) throw new Error('no active LOGISTIC model');
  const src = (await db.query(SOURCE_CHECK_SQL)).rows[0];
  const sources = {
    signals: src.signals,
    feedback: src.feedback,
    healthHistory: src.health_history,
    healthCurrent: src.health_current,
  };
  const since = (await db.query(observedSinceSql(sources))).rows[0];
  const { rows } = await db.query(featureQuery(sources, { live: true }), [
    new Date().toISOString(),
    models[0].horizon_days,
    null,
    since.signals,
    since.feedback,
    since.health,
  ]);
  const { rows: scored } = await db.query(
    `SELECT r.account_id, r.band, r.note, r.model_version, COALESCE(ho.band, h.band) AS health,
            ARRAY(SELECT f.type FROM health_flags f WHERE f.account_id = r.account_id AND f.cleared_at IS NULL) AS flags
       FROM account_risk r
       LEFT JOIN health_current h ON h.account_id = r.account_id
       LEFT JOIN health_overrides ho ON ho.account_id = r.account_id AND ho.cleared_at IS NULL AND ho.expires_at > now()`,
  );
  const byId = new Map(scored.map((r) => [r.account_id, r]));
  const p: RiskProperties = {
    scored: scored.length,
    notByActiveModel: scored.filter((r) => r.model_version !== models[0].version).length,
    inactivityLowers: 0,
    dormant: 0,
    dormantLow: 0,
    dormantLowLongSilent: 0,
    exceptions: [],
    redMultiFlag: 0,
    redMultiFlagLow: 0,
    disagreementsWithoutNote: 0,
    disagreements: 0,
  };
  for (const raw of rows) {
    const f = mapFeatureRow(raw);
    const s = byId.get(f.accountId);
    if (!s) continue;
    const e = explainRisk(model, f.row, model.columns.length);
    const since = f.row.daysSinceLastActivity as number | null;
    const active30 = f.row.activeDays30 as number | null;
    const lowers = e.drivers.some(
      (d) =>
        d.contribution < 0 &&
        ((d.feature === 'daysSinceLastActivity' && since !== null && since >= INACTIVE_DAYS) ||
          (d.feature === 'activeDays30' && active30 === 0)),
    );
    if (lowers) p.inactivityLowers++;
    const flags: string[] = s.flags ?? [];
    const longSilent = (since !== null && since >= INACTIVE_DAYS) || active30 === 0;
    if (flags.includes('DORMANT')) {
      p.dormant++;
      if (s.band === 'LOW') p.dormantLow++;
      if (s.band === 'LOW' && longSilent) p.dormantLowLongSilent++;
    }
    if (s.health === 'RED' && flags.length >= 4) {
      p.redMultiFlag++;
      if (s.band === 'LOW') p.redMultiFlagLow++;
    }
    if (s.band === 'LOW' && (flags.includes('DORMANT') || (s.health === 'RED' && flags.length >= 4)))
      p.exceptions.push(`${since ?? '?'} days silent, ${active30 ?? '?'} active days in 30: ${s.note ?? '(no note)'}`);
    const alarming = s.health === 'RED' || flags.includes('DORMANT') || flags.length >= 4;
    if ((alarming && s.band === 'LOW') || (s.health === 'GREEN' && s.band === 'HIGH')) {
      p.disagreements++;
      if (!s.note) p.disagreementsWithoutNote++;
    }
  }
  return p;
}
