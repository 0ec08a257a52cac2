import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StripeParkedEventsModel } from './stripe.models';

/** Reads the parked Stripe events for people to see why and fix the cause. */
@Injectable()
export class StripeParkedService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(first: number): Promise<StripeParkedEventsModel> {
    const rows: any[] = await this.db.query(
      `SELECT id, type, created_at, received_at, reason, customer_id, replayed_at, count(*) OVER ()::int AS total
         FROM stripe_events WHERE outcome = 'PARKED' ORDER BY created_at, received_at LIMIT $1`,
      [first],
    );
    return {
      totalCount: rows[0]?.total ?? 0,
      events: rows.map((r) => ({
        id: r.id,
        type: r.type,
        createdAt: r.created_at,
        receivedAt: r.received_at,
        reason: r.reason ?? '',
        customerId: r.customer_id,
        replayedAt: r.replayed_at,
      })),
    };
  }
}
