import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Segment-compatible tracking API (issue #21):
 * - `segment_messages`: every messageId ever accepted (any call, attributed or not), the exactly-once key: a
 *   re-delivered message is a duplicate whatever account it would now be attributed to. Forgotten with the raw
 *   signals' retention (received_at, BRIN: rows arrive in time order).
 * - `segment_user_links`: the account each user key (`u:<userId>`, `a:<anonymousId>`) was last linked to by a
 *   group or identify call, across all Segment sources (a web and a server source share their users).
 * - `segment_event_mappings`: a source's own event name → signal type rows, over the built-in defaults.
 */
export class Segment1764002400000 implements MigrationInterface {
  name = 'Segment1764002400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE segment_messages (
        message_id text PRIMARY KEY,
        source_id uuid NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX segment_messages_received_brin ON segment_messages USING brin (received_at)`);
    await q.query(`
      CREATE TABLE segment_user_links (
        user_key text PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id),
        source_id uuid NOT NULL REFERENCES sources(id),
        linked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX segment_user_links_account_idx ON segment_user_links (account_id)`);
    await q.query(`
      CREATE TABLE segment_event_mappings (
        source_id uuid NOT NULL REFERENCES sources(id),
        event_key text NOT NULL,
        event_name text NOT NULL,
        signal_type text NOT NULL,
        feature_property text,
        feature text,
        quantity_property text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_id, event_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE segment_event_mappings`);
    await q.query(`DROP TABLE segment_user_links`);
    await q.query(`DROP TABLE segment_messages`);
  }
}
