import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rederiveAccountsSql } from '../ledger/ledger.service';
import { DemoBook, generateDemoBook } from '../../core/demo/demo-book.generator';
import { generateDemoFeedback } from '../../core/demo/demo-feedback.generator';
import { loadDemoSignals } from './demo-signals.loader';
import { insertDemoFeedback } from './demo-feedback.writer';
import { lockForTransaction } from '../../database/advisory-locks';

const CHUNK = 5000;

/** Loads the deterministic demo book of business with set-based inserts (fast enough for 50,000 accounts). */
@Injectable()
export class DemoService {
  private readonly logger = new Logger('Demo');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async isEmpty(): Promise<boolean> {
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM accounts LIMIT 1) x`);
    return n === 0;
  }

  /** Loads the demo book only when there are no accounts yet. Returns the number of accounts loaded. */
  async loadIfEmpty(accounts = 300, seed = 42): Promise<number> {
    if (!(await this.isEmpty())) return 0;
    return this.load(generateDemoBook({ accounts, seed }));
  }

  async load(
    book: DemoBook,
    onProgress?: (done: number, total: number) => void,
    opts: { signals?: boolean } = {},
  ): Promise<number> {
    await this.db.transaction(async (em) => {
      await lockForTransaction(em, 'demo-load');
      await em.query(
        `INSERT INTO users (id, name, email, role)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
         ON CONFLICT DO NOTHING`,
        [
          book.users.map((u) => u.id),
          book.users.map((u) => u.name),
          book.users.map((u) => u.email),
          book.users.map((u) => u.role),
        ],
      );
      // Owners by email, in case the users already existed with other ids.
      const owners: Array<{ id: string; email: string }> = await em.query(
        `SELECT id, email FROM users WHERE email = ANY($1)`,
        [book.users.map((u) => u.email)],
      );
      const idByEmail = new Map(owners.map((o) => [o.email, o.id]));
      const ownerMap = new Map(book.users.map((u) => [u.id, idByEmail.get(u.email) ?? u.id]));
      const total = book.accounts.length + book.changes.length;
      let done = 0;
      for (let i = 0; i < book.accounts.length; i += CHUNK) {
        const part = book.accounts.slice(i, i + CHUNK);
        await em.query(
          `INSERT INTO accounts (id, external_id, name, segment, owner_id, industry, renewal_date)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::date[])
           ON CONFLICT DO NOTHING`,
          [
            part.map((a) => a.id),
            part.map((a) => a.externalId),
            part.map((a) => a.name),
            part.map((a) => a.segment),
            part.map((a) => ownerMap.get(a.ownerId) ?? null),
            part.map((a) => a.industry),
            part.map((a) => a.renewalDate),
          ],
        );
        done += part.length;
        onProgress?.(done, total);
      }
      await this.insertChanges(em, book, (n) => {
        done += n;
        onProgress?.(done, total);
      });
      await rederiveAccountsSql(em, null);
      await insertDemoFeedback(em, generateDemoFeedback(book));
    });
    // Benchmarks that generate their own rollups skip the raw demo signals (15M rows at 50,000 accounts).
    const signals = opts.signals === false ? { accepted: 0 } : await loadDemoSignals(this.db, book);
    this.logger.log(
      `Loaded demo book: ${book.accounts.length} accounts, ${book.changes.length} MRR changes, ${signals.accepted} signals`,
    );
    return book.accounts.length;
  }

  private async insertChanges(em: EntityManager, book: DemoBook, progressed: (n: number) => void): Promise<void> {
    // Time order, so the serial `seq` agrees with effective time for equal instants.
    const ordered = [...book.changes].sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());
    for (let i = 0; i < ordered.length; i += CHUNK) {
      const part = ordered.slice(i, i + CHUNK);
      await em.query(
        `INSERT INTO mrr_changes (account_id, id, effective_at, mrr_cents, note)
         SELECT a, i, e, m, 'demo' FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::bigint[]) AS t(a, i, e, m)
         ON CONFLICT DO NOTHING`,
        [
          part.map((c) => c.accountId),
          part.map((c) => c.id),
          part.map((c) => c.effectiveAt),
          part.map((c) => c.mrrCents),
        ],
      );
      progressed(part.length);
    }
  }
}
