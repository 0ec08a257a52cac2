import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Principal } from '../../common/auth/principal';
import {
  ReasonComponent,
  ReasonDriver,
  ReasonFlag,
  topHealthReason,
  topRiskReason,
} from '../../core/workspace/reasons';
import { mapAccountRow } from '../accounts/accounts.service';
import { mapTask } from '../playbooks/playbooks.rows';
import { bookOwnerFor } from './book-scope';
import { MY_DAY_CHANGES_SQL, MY_DAY_RENEWALS_SQL, MY_DAY_TASKS_SQL, MY_DAY_TOTALS_SQL } from './my-day.sql';
import { MyDayChangeKind, MyDayChangeModel, MyDayModel } from './models/my-day.models';

const MAX_CHANGES = 200;
const MAX_TASKS_PER_BUCKET = 100;
const RENEWAL_DAYS = 90;
const MAX_RENEWALS = 200;

/** My Day: book totals, what changed this week and why, today's tasks and the coming renewals. */
@Injectable()
export class MyDayService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A CSM: their own day. A MANAGER/ADMIN: one user's (ownerId) or the whole team's (null). */
  async myDay(
    p: Principal,
    ownerId: string | null | undefined,
    timeZone: string | null | undefined,
  ): Promise<MyDayModel> {
    const owner = await bookOwnerFor(this.db, p, ownerId ?? null);
    const tz = checkTimeZone(timeZone ?? 'UTC');
    const [totals, changes, tasks, renewals] = await Promise.all([
      this.db.query(MY_DAY_TOTALS_SQL, [owner]),
      this.db.query(MY_DAY_CHANGES_SQL, [owner, MAX_CHANGES]),
      this.db.query(MY_DAY_TASKS_SQL, [owner, tz, MAX_TASKS_PER_BUCKET]).catch((err: unknown) => {
        // PostgreSQL's zone list can differ from the runtime's: an unknown zone is still the client's error.
        if ((err as { driverError?: { code?: string } })?.driverError?.code === '22023')
          throw AppError.badInput('timeZone', 'is not a time zone the database knows');
        throw err;
      }),
      this.db.query(MY_DAY_RENEWALS_SQL, [owner, RENEWAL_DAYS, MAX_RENEWALS]),
    ]);
    const t = totals[0];
    const overdue = tasks.filter((r: any) => r.bucket === 'OVERDUE');
    const today = tasks.filter((r: any) => r.bucket === 'TODAY');
    return {
      ownerId: owner,
      generatedAt: new Date(),
      totals: {
        accounts: t.accounts,
        mrrCents: Number(t.mrr_cents),
        arrCents: Number(t.mrr_cents) * 12,
        bands: { green: t.green, yellow: t.yellow, red: t.red, unknown: t.unknown },
      },
      changes: changes.map(toChange),
      overdueTasks: overdue.map(mapTask),
      overdueCount: overdue[0]?.bucket_count ?? 0,
      dueTodayTasks: today.map(mapTask),
      dueTodayCount: today[0]?.bucket_count ?? 0,
      renewals: renewals.map((r: any) => ({
        account: mapAccountRow(r),
        renewalDate: r.renewal_date,
        daysToRenewal: r.days_to_renewal,
        band: r.band,
        score: r.score,
        riskBand: r.risk_band,
        riskProbability: r.probability,
      })),
      renewalsCount: renewals[0]?.total ?? 0,
    };
  }
}

function checkTimeZone(tz: string): string {
  if (tz.length > 64) throw AppError.badInput('timeZone', 'is not an IANA time zone such as Europe/Paris');
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw AppError.badInput('timeZone', 'is not an IANA time zone such as Europe/Paris');
  }
  return tz;
}

function toChange(r: any): MyDayChangeModel {
  const kind = r.kind as MyDayChangeKind;
  const reason: string | null =
    kind === MyDayChangeKind.SCORE_DROP
      ? topHealthReason((r.flags ?? []) as ReasonFlag[], (r.components ?? []) as ReasonComponent[])
      : kind === MyDayChangeKind.NEW_RED_FLAG
        ? r.flag_evidence
        : topRiskReason((r.drivers ?? []) as ReasonDriver[]);
  return {
    kind,
    account: mapAccountRow(r),
    occurredAt: r.at,
    reason,
    scoreFrom: r.score_from,
    scoreTo: r.score_to,
    flagType: r.flag_type,
    riskBandFrom: r.risk_from,
    riskBandTo: r.risk_to,
    riskProbability: r.probability,
  };
}
