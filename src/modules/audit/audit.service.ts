import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Connection, lazyCount, readPageArgs, toConnection } from '../../common/pagination/connection';

export interface AuditEntry {
  id: string;
  at: Date;
  actorUserId: string | null;
  apiKeyId: string | null;
  role: string | null;
  operation: string;
  targetIds: string[];
  outcome: 'OK' | 'ERROR';
  errorCode: string | null;
  requestId: string | null;
}

export interface AuditFilter {
  actorId?: string | null;
  operation?: string | null;
  outcome?: 'OK' | 'ERROR' | null;
  from?: Date | null;
  to?: Date | null;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Best effort: a failure to write the audit row is logged, never turned into the client's error. */
  async record(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    try {
      await this.db.query(
        `INSERT INTO audit_log (actor_user_id, api_key_id, role, operation, target_ids, outcome, error_code, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          entry.actorUserId,
          entry.apiKeyId,
          entry.role,
          entry.operation,
          entry.targetIds,
          entry.outcome,
          entry.errorCode,
          entry.requestId,
        ],
      );
    } catch (err) {
      this.logger.error(`could not write audit row for ${entry.operation}: ${String(err)}`);
    }
  }

  async list(
    filter: AuditFilter | null | undefined,
    first?: number | null,
    after?: string | null,
  ): Promise<Connection<AuditEntry>> {
    const page = readPageArgs(first, after, ['bigint']);
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (n: string) => string, v: unknown) => {
      params.push(v);
      where.push(sql(`$${params.length}`));
    };
    if (filter?.actorId) add((n) => `actor_user_id::text = ${n}`, filter.actorId);
    if (filter?.operation) add((n) => `operation = ${n}`, filter.operation);
    if (filter?.outcome) add((n) => `outcome = ${n}`, filter.outcome);
    if (filter?.from) add((n) => `at >= ${n}`, filter.from);
    if (filter?.to) add((n) => `at < ${n}`, filter.to);
    const whereSql = where.length ? where.join(' AND ') : 'TRUE';
    const countParams = [...params];
    let keyset = '';
    if (page.after) {
      params.push(page.after[0]);
      keyset = ` AND id < $${params.length}::bigint`;
    }
    params.push(page.first + 1);
    const rows = await this.db.query(
      `SELECT id::text, at, actor_user_id, api_key_id, role, operation, target_ids, outcome, error_code, request_id
         FROM audit_log WHERE ${whereSql}${keyset} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    const total = lazyCount(
      async () => (await this.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE ${whereSql}`, countParams))[0].n,
    );
    const entries: AuditEntry[] = rows.map((r: any) => ({
      id: r.id,
      at: r.at,
      actorUserId: r.actor_user_id,
      apiKeyId: r.api_key_id,
      role: r.role,
      operation: r.operation,
      targetIds: r.target_ids,
      outcome: r.outcome,
      errorCode: r.error_code,
      requestId: r.request_id,
    }));
    return toConnection(entries, page.first, (e) => [e.id], total);
  }
}
