import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { prepareBatchStage } from '../signals/signal-batch-stage';
import { upsertSegmentAccounts } from './segment-account-upsert.sql';
import { AccountTraits, groupAccountTraits, identifyAccountTraits, userKeys } from '../../core/segment/account-traits';
import { mapMessage } from '../../core/segment/event-mapping';
import { SegmentMessage } from '../../core/segment/segment-message';
import { isRejection, validateSignal } from '../../core/signals/validate';
import { rowsOf } from '../../database/query-result';
import { SignalsService } from '../signals/signals.service';
import { ActiveSource } from '../sources/sources.service';
import { OutcomeCounts, SourceStatsService } from '../sources/source-stats.service';
import { SegmentMappingsService } from './segment-mappings.service';
import { RELEASE_SQL, ReleasedRow, SignalItem, toSignalItem } from './segment-backlog.sql';

/** What one request did (also the body of the 200 answer, next to Segment's `success: true`). */
export interface SegmentIngestSummary {
  accepted: number;
  duplicates: number;
  unattributed: number;
  rejected: number;
  /** Unattributed events of earlier requests ingested because this one linked their user or created their account. */
  released: number;
}

interface PendingSignal {
  message: SegmentMessage;
  item: SignalItem;
  /** The account external id it is attributed to, or null (kept unattributed). */
  externalId: string | null;
}

const NIL = '00000000-0000-4000-8000-000000000000';

/** A track, page or screen that names its account by `context.groupId`. */
const namesItsAccount = (m: SegmentMessage) =>
  m.contextGroupId !== null && (m.type === 'track' || m.type === 'page' || m.type === 'screen');

/** Claims messageIds in `segment_messages` (sorted: concurrent requests lock in one order); returns those taken. */
async function claimMessages(em: EntityManager, ids: string[], sourceId: string): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = rowsOf<{ message_id: string }>(
    await em.query(
      `INSERT INTO segment_messages (message_id, source_id)
       SELECT id, $2::uuid FROM unnest($1::text[]) AS t(id) ORDER BY id
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [ids, sourceId],
    ),
  );
  return new Set(rows.map((r) => r.message_id));
}

/** The source was revoked after its key was checked: the request is refused (401) and nothing is written. */
export class SourceRevokedError extends Error {
  constructor(readonly sourceId: string) {
    super(`source ${sourceId} is revoked`);
  }
}
const isRetryable = (err: unknown) => ['40P01', '40001'].includes((err as { code?: string })?.code ?? '');

/**
 * One Segment request, in one transaction: claim its messageIds (exactly once), apply group/identify/alias in
 * order (accounts upserted, users linked), attribute track/page/screen to `context.groupId` or the user's linked
 * account as of their position, keep the rest unattributed, release earlier unattributed events the request
 * made attributable, merge the signals through the signal store, and count everything on the source.
 */
@Injectable()
export class SegmentIngestService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly signals: SignalsService,
    private readonly stats: SourceStatsService,
    private readonly mappings: SegmentMappingsService,
  ) {}

  async ingest(source: ActiveSource, messages: SegmentMessage[], repeats: number): Promise<SegmentIngestSummary> {
    for (let attempt = 1; ; attempt++) {
      const accountIds = new Set<string>();
      try {
        const summary = await this.inTransaction((em, client) =>
          this.run(em, client, source, messages, repeats, accountIds),
        );
        this.signals.notifyIngested([...accountIds]);
        return summary;
      } catch (err) {
        // A deadlock between concurrent requests aborts the whole transaction: run it again.
        if (!isRetryable(err) || attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
      }
    }
  }

  /**
   * One transaction on one connection whose batch stage is prepared first (outside the transaction, see
   * signal-batch-stage.ts), so the request's signals can be staged by COPY.
   */
  private async inTransaction<T>(work: (em: EntityManager, client: PoolClient) => Promise<T>): Promise<T> {
    const qr = this.db.createQueryRunner();
    try {
      const client = (await qr.connect()) as PoolClient;
      await prepareBatchStage(client);
      await qr.startTransaction();
      try {
        const result = await work(qr.manager, client);
        await qr.commitTransaction();
        return result;
      } catch (err) {
        if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
        throw err;
      }
    } finally {
      await qr.release();
    }
  }

  private async run(
    em: EntityManager,
    client: PoolClient,
    cached: ActiveSource,
    messages: SegmentMessage[],
    repeats: number,
    accountIds: Set<string>,
  ): Promise<SegmentIngestSummary> {
    // 0. The source as it is now (the key may have been revoked since it was checked, on any instance).
    const state = await this.mappings.stateWithin(em, cached.id);
    if (!state) throw new SourceRevokedError(cached.id);
    const source: ActiveSource = {
      ...cached,
      segmentTrait: state.segmentTrait,
      ownerEmailTrait: state.ownerEmailTrait,
    };
    const summary: SegmentIngestSummary = {
      accepted: 0,
      duplicates: repeats,
      unattributed: 0,
      rejected: 0,
      released: 0,
    };
    const errors: Array<{ message: string; detail: Record<string, unknown> }> = [];

    // 1. Exactly once: claim the messageIds; what was claimed before is a duplicate. An event that names its
    // account (context.groupId) is not claimed here: it goes to that account, where its signal id (the messageId)
    // dedupes it, as the same message always names the same account; it is claimed only if it is kept (step 6).
    const claimed = await claimMessages(
      em,
      messages.filter((m) => !namesItsAccount(m)).map((m) => m.messageId),
      source.id,
    );
    const fresh = messages.filter((m) => namesItsAccount(m) || claimed.has(m.messageId));
    summary.duplicates += messages.length - fresh.length;
    const unclaim: string[] = [];

    // 2. The links in force for the users of this request.
    const lookupKeys = new Set<string>();
    for (const m of fresh) {
      for (const k of userKeys(m)) lookupKeys.add(k);
      if (m.previousId !== null)
        userKeys({ userId: m.previousId, anonymousId: m.previousId }).forEach((k) => lookupKeys.add(k));
    }
    const links = new Map<string, string>();
    if (lookupKeys.size) {
      const rows: Array<{ user_key: string; external_id: string }> = await em.query(
        `SELECT l.user_key, a.external_id FROM segment_user_links l JOIN accounts a ON a.id = l.account_id
          WHERE l.user_key = ANY($1::text[])`,
        [[...lookupKeys]],
      );
      for (const r of rows) links.set(r.user_key, r.external_id);
    }

    // 3. Walk the messages in order: group/identify/alias change links; the others take the link at their position.
    const upserts = new Map<string, AccountTraits>();
    const changedKeys = new Set<string>();
    const link = (keys: string[], externalId: string) => {
      for (const k of keys) {
        if (links.get(k) === externalId) continue;
        links.set(k, externalId);
        changedKeys.add(k);
      }
    };
    const linked = (keys: string[]) => keys.map((k) => links.get(k)).find((x) => x !== undefined) ?? null;
    const table = state.table;
    const pending: PendingSignal[] = [];
    for (const m of fresh) {
      const keys = userKeys(m);
      if (m.type === 'group' || m.type === 'identify') {
        const traits = m.type === 'group' ? groupAccountTraits(m, source) : identifyAccountTraits(m);
        if (traits) {
          upserts.set(traits.externalId, { ...upserts.get(traits.externalId), ...traits });
          link(keys, traits.externalId);
        } else {
          // An identify tying an anonymous visitor to a known user (or back): both keys share the account.
          const known = linked(keys);
          if (known !== null) link(keys, known);
        }
        continue;
      }
      if (m.type === 'alias') {
        const prev = userKeys({ userId: m.previousId, anonymousId: m.previousId });
        const known = linked(keys) ?? linked(prev);
        if (known !== null) link([...keys, ...prev], known);
        continue;
      }
      const mapped = mapMessage(m, table);
      if ('reason' in mapped) {
        summary.rejected++;
        unclaim.push(m.messageId);
        errors.push({ message: mapped.reason, detail: { messageId: m.messageId, event: m.event } });
        continue;
      }
      if (mapped.truncated)
        errors.push({
          message: 'properties over 4 KB were cut to feature, sentiment, name and category (the event was stored)',
          detail: { messageId: m.messageId, event: m.event },
        });
      const item: SignalItem = {
        id: m.messageId,
        accountId: NIL,
        type: mapped.type,
        occurredAt: m.occurredAt,
        quantity: mapped.quantity,
        properties: mapped.properties,
      };
      pending.push({ message: m, item, externalId: m.contextGroupId ?? linked(keys) });
    }

    // 4. Accounts: created when new (named after their id until a name is given), then updated where a trait changed.
    if (upserts.size) await upsertSegmentAccounts(em, [...upserts.values()], errors);
    const externalIds = new Set<string>([...upserts.keys(), ...links.values()]);
    for (const p of pending) if (p.externalId !== null) externalIds.add(p.externalId);
    const accountOf = new Map<string, string>();
    if (externalIds.size) {
      const rows: Array<{ id: string; external_id: string }> = await em.query(
        `SELECT id, external_id FROM accounts WHERE external_id = ANY($1::text[])`,
        [[...externalIds]],
      );
      for (const r of rows) accountOf.set(r.external_id, r.id);
    }

    // 5. Links written (only those that changed).
    if (changedKeys.size) {
      const keys = [...changedKeys].filter((k) => accountOf.has(links.get(k)!)).sort();
      await em.query(
        `INSERT INTO segment_user_links AS l (user_key, account_id, source_id)
         SELECT k, a, $3::uuid FROM unnest($1::text[], $2::uuid[]) AS t(k, a)
         ON CONFLICT (user_key) DO UPDATE SET account_id = EXCLUDED.account_id, source_id = EXCLUDED.source_id, linked_at = now()
         WHERE l.account_id IS DISTINCT FROM EXCLUDED.account_id`,
        [keys, keys.map((k) => accountOf.get(links.get(k)!)), source.id],
      );
    }

    // 6. Signals of this request: attributed ones merged, the others kept with their user.
    const items: SignalItem[] = [];
    const itemMessages: string[] = [];
    let parked: PendingSignal[] = [];
    const window = this.signals.store.window();
    for (const p of pending) {
      const accountId = p.externalId !== null ? accountOf.get(p.externalId) : undefined;
      if (accountId) {
        items.push({ ...p.item, accountId });
        itemMessages.push(p.message.messageId);
        continue;
      }
      // Checked now (the store checks the others), so an event kept is one that will be accepted later.
      const check = validateSignal(p.item, window);
      if (isRejection(check)) {
        summary.rejected++;
        unclaim.push(p.message.messageId);
        errors.push({ message: `signal rejected: ${check.reason}`, detail: { messageId: p.message.messageId } });
      } else parked.push(p);
    }
    // Kept events are claimed (a re-delivery while one waits is a duplicate, not a second kept copy).
    const unclaimedKept = parked.filter((p) => !claimed.has(p.message.messageId)).map((p) => p.message.messageId);
    if (unclaimedKept.length) {
      const got = await claimMessages(em, unclaimedKept, source.id);
      got.forEach((id) => claimed.add(id));
      summary.duplicates += unclaimedKept.length - got.size;
      parked = parked.filter((p) => claimed.has(p.message.messageId));
    }
    if (parked.length) {
      await em.query(
        `INSERT INTO source_unattributed (source_id, id, match_key, alt_match_key, group_ref, reason, occurred_at, payload)
         SELECT $1::uuid, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::jsonb[])
         ON CONFLICT DO NOTHING`,
        [
          source.id,
          parked.map((p) => p.message.messageId),
          parked.map((p) => userKeys(p.message)[0]),
          parked.map((p) => userKeys(p.message)[1] ?? null),
          parked.map((p) => p.message.contextGroupId),
          parked.map((p) =>
            p.message.contextGroupId !== null
              ? `no account with external id ${p.message.contextGroupId} yet (context.groupId): waiting for its group call`
              : 'the user is not linked to an account yet: waiting for a group or identify call',
          ),
          parked.map((p) => p.item.occurredAt),
          parked.map((p) => JSON.stringify({ ...p.item, accountId: undefined })),
        ],
      );
      summary.unattributed = parked.length;
    }
    if (items.length) {
      const outcome = await this.signals.ingestBatchWithin(em, items, client);
      summary.accepted += outcome.accepted;
      summary.duplicates += outcome.duplicates;
      for (const r of outcome.rejected) {
        summary.rejected++;
        unclaim.push(itemMessages[r.index]);
        errors.push({ message: `signal rejected: ${r.reason}`, detail: { messageId: itemMessages[r.index] } });
      }
      outcome.accountIds.forEach((id) => accountIds.add(id));
    }

    // 7. Earlier unattributed events (of any Segment source) this request made attributable.
    const releasedBySource = new Map<string, OutcomeCounts>();
    if (changedKeys.size || upserts.size) {
      const released = rowsOf<ReleasedRow>(
        await em.query(
          RELEASE_SQL(
            `AND (u.match_key = ANY($1::text[]) OR u.alt_match_key = ANY($1::text[]) OR u.group_ref = ANY($2::text[]))`,
          ),
          [[...changedKeys], [...upserts.keys()]],
        ),
      );
      await this.ingestReleased(em, released, releasedBySource, accountIds);
      summary.released = released.length;
    }

    // 8. Counted last (the counter row is shared by the source's concurrent requests).
    // Only what this request claimed (an event naming its account was not, and another delivery's claim stays).
    const ours = unclaim.filter((id) => claimed.has(id));
    if (ours.length) await em.query(`DELETE FROM segment_messages WHERE message_id = ANY($1::text[])`, [ours]);
    for (const e of errors) await this.stats.recordError(source.id, e.message, e.detail, em);
    const mine = releasedBySource.get(source.id) ?? {};
    releasedBySource.delete(source.id);
    for (const [id, counts] of [...releasedBySource].sort(([a], [b]) => a.localeCompare(b)))
      await this.stats.recordMany(id, counts, em);
    const counts: OutcomeCounts = {
      accepted: summary.accepted + (mine.accepted ?? 0),
      duplicate: summary.duplicates + (mine.duplicate ?? 0),
      rejected: summary.rejected + (mine.rejected ?? 0),
      unattributed: summary.unattributed,
    };
    // A request of identify/group/alias calls only still says the source is alive (its lastEventAt).
    if (Object.values(counts).some((n) => n > 0)) await this.stats.recordMany(source.id, counts, em);
    else await this.stats.touch(source.id, em);
    return summary;
  }

  /**
   * Released events merged per source (each source counts its own); one the store still refuses (it cannot,
   * having been checked when kept, unless the retention window passed it by) is counted rejected on its source.
   */
  async ingestReleased(
    em: EntityManager,
    released: ReleasedRow[],
    bySource: Map<string, OutcomeCounts>,
    accountIds: Set<string>,
  ): Promise<void> {
    const groups = new Map<string, ReleasedRow[]>();
    for (const r of released) groups.set(r.source_id, [...(groups.get(r.source_id) ?? []), r]);
    for (const [sourceId, rows] of groups) {
      const outcome = await this.signals.ingestBatchWithin(em, rows.map(toSignalItem));
      bySource.set(sourceId, {
        accepted: outcome.accepted,
        duplicate: outcome.duplicates,
        rejected: outcome.rejected.length,
      });
      for (const r of outcome.rejected)
        await this.stats.recordError(sourceId, `signal rejected: ${r.reason}`, { messageId: rows[r.index].id }, em);
      outcome.accountIds.forEach((id) => accountIds.add(id));
    }
  }
}
