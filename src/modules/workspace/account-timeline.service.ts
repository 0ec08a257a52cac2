import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Principal } from '../../common/auth/principal';
import { Connection, lazyCount, readPageArgs, toConnection } from '../../common/pagination/connection';
import { describeTimelineEvent, TIMELINE_KINDS, TimelineDetails, TimelineKind } from '../../core/workspace/timeline';
import { AccountsService } from '../accounts/accounts.service';
import { preparedRead, runPreparedRead } from '../../common/database/prepared-read';
import { TIMELINE_COUNT_SQL, TIMELINE_PAGE_SQL } from './account-timeline.sql';

// Named prepared statements: the 15-branch UNION costs more to parse and plan than to run on one account.
const TIMELINE_PAGE = preparedRead('workspace_timeline_page', TIMELINE_PAGE_SQL);
const TIMELINE_COUNT = preparedRead('workspace_timeline_count', TIMELINE_COUNT_SQL);
import { TimelineItemModel } from './models/timeline.models';

const KIND_SET: ReadonlySet<string> = new Set(TIMELINE_KINDS);
const CURSOR_AT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** One page of an account's timeline: one statement over every event source, newest first. */
@Injectable()
export class AccountTimelineService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountsService,
  ) {}

  async page(
    p: Principal,
    accountId: string,
    kinds: readonly TimelineKind[] | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<TimelineItemModel>> {
    // [occurred at as PostgreSQL prints it, kind, the item's id]
    const page = readPageArgs(first, after, ['timestamp', 'text', 'text'], 30);
    let cursor: [string, string, string] | [null, null, null] = [null, null, null];
    if (page.after) {
      const [at, kind, id] = page.after as [string, string, string];
      if (!CURSOR_AT_RE.test(at) || !KIND_SET.has(kind) || id.length > 200)
        throw AppError.badInput('after', 'is not a valid cursor');
      cursor = [at, kind, id];
    }
    // Hidden and unknown accounts look the same (no existence leak).
    const account = await this.accounts.findVisible(p, { id: accountId });
    if (!account) throw AppError.notFound('Account', accountId, 'accountId');
    const wanted = kinds?.length ? [...new Set(kinds)] : [...TIMELINE_KINDS];
    const rows: Array<{ kind: TimelineKind; at_text: string; id: string; actor: string | null; d: TimelineDetails }> =
      await runPreparedRead(this.db, TIMELINE_PAGE, [account.id, wanted, ...cursor, page.first + 1]);
    const items = rows.map((r) => toItem(r.kind, r.at_text, r.id, r.actor, r.d));
    const atText = new Map(rows.map((r, i) => [items[i], r.at_text]));
    const total = lazyCount(async () => {
      const [{ n }] = await runPreparedRead<{ n: number }>(this.db, TIMELINE_COUNT, [account.id, wanted]);
      return n;
    });
    return toConnection(items, page.first, (it) => [atText.get(it)!, it.kind, it.id.slice(it.kind.length + 1)], total);
  }
}

function toItem(kind: TimelineKind, at: string, id: string, actor: string | null, d: TimelineDetails) {
  const { title, summary } = describeTimelineEvent(kind, d);
  const item: TimelineItemModel = {
    id: `${kind}:${id}`,
    kind,
    occurredAt: new Date(at),
    title,
    summary,
    actorId: actor,
    mrr: d.mrr
      ? {
          ...d.mrr,
          amountCents: Number(d.mrr.amountCents),
          mrrBeforeCents: Number(d.mrr.mrrBeforeCents),
          mrrAfterCents: Number(d.mrr.mrrAfterCents),
        }
      : null,
    band: d.band ?? null,
    flag: d.flag ?? null,
    feedback: d.feedback
      ? {
          score: d.feedback.score ?? null,
          category: d.feedback.category ?? null,
          comment: d.feedback.comment ?? null,
          source: d.feedback.source ?? null,
          sentiment: d.feedback.sentiment ?? null,
          topic: d.feedback.topic ?? null,
        }
      : null,
    task: d.task ?? null,
    playbookRun: d.playbookRun ?? null,
    override: d.override ?? null,
    churnReason: d.churnReason ?? null,
  };
  return item;
}
