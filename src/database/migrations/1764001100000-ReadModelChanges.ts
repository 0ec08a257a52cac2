import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables whose committed changes invalidate cached read answers, and the scope each one counts under. */
const WATCHED: Array<[table: string, scope: string]> = [
  ['accounts', 'accounts'],
  ['health_current', 'health'],
  ['health_overrides', 'overrides'],
  ['account_risk', 'risk'],
  ['nps_responses', 'nps'],
];

/**
 * A change counter per scope for the read cache (src/common/read-cache). Every statement that writes a watched
 * table appends one row; a scope's version is the sum of its rows, read in the same snapshot as the data it
 * guards, so a cached answer is served only while no change to its tables has committed since.
 *
 * Append-only on purpose: a counter row updated in place would be locked until each writer commits, so a long
 * health recompute would block every account update behind it, and two writers bumping two scopes in
 * different orders could deadlock. Inserts never wait for each other. Compaction folds a scope's rows into one
 * in a single statement (`DELETE … RETURNING` summed into an INSERT), so the sum never changes.
 */
export class ReadModelChanges1764001100000 implements MigrationInterface {
  name = 'ReadModelChanges1764001100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE read_model_changes (scope text NOT NULL, changes bigint NOT NULL)`);
    await q.query(`CREATE INDEX read_model_changes_scope_idx ON read_model_changes (scope)`);
    await q.query(`INSERT INTO read_model_changes (scope, changes) SELECT s, 0 FROM unnest($1::text[]) AS s`, [
      [...new Set(WATCHED.map(([, scope]) => scope))],
    ]);
    await q.query(`
      CREATE FUNCTION read_model_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO read_model_changes (scope, changes) VALUES (TG_ARGV[0], 1);
        RETURN NULL;
      END $$`);
    for (const [table, scope] of WATCHED) {
      await q.query(
        `CREATE TRIGGER ${table}_read_model_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION read_model_changed('${scope}')`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of WATCHED) await q.query(`DROP TRIGGER ${table}_read_model_changed ON ${table}`);
    await q.query(`DROP FUNCTION read_model_changed()`);
    await q.query(`DROP TABLE read_model_changes`);
  }
}
