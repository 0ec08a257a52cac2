import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildClientSchema, buildSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema } from 'graphql';
import { startTestApp, TestApp } from './utils/test-app';

const ROOT = join(__dirname, '..');
const SCHEMA_FILE = join(ROOT, 'schema.gql');
/**
 * The standard introspection query with type references four levels deep (enough for `[T!]!`): the service's
 * depth limit counts introspection fields too, and the standard query nests `ofType` seven times.
 */
function introspectionQuery(): string {
  const standard = getIntrospectionQuery({ descriptions: true });
  const head = standard.slice(0, standard.indexOf('fragment TypeRef on __Type'));
  const ref = (levels: number): string => (levels ? `kind name ofType { ${ref(levels - 1)} }` : 'kind name');
  return `${head}fragment TypeRef on __Type { ${ref(4)} }`;
}

const STALE = 'schema.gql is out of date: run `npm run schema` and commit the file';

/** The committed schema.gql (read by the web app's codegen) is what the service serves. */
describe('schema.gql', () => {
  const committed = readFileSync(SCHEMA_FILE, 'utf8');

  it('equals the schema generated from the code', () => {
    // A child process, as `npm run schema` runs (Nest's ESM packages do not load inside jest).
    const run = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'scripts/emit-schema.ts', '--print'],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (run.status !== 0) throw new Error(`scripts/emit-schema.ts failed:\n${run.stderr}`);
    const generated = run.stdout;
    if (generated !== committed) throw new Error(STALE);
    expect(generated).toBe(committed);
  });

  describe('against the running service', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp();
    });
    afterAll(async () => {
      await app?.close();
    });

    it('matches the schema the service answers by introspection', async () => {
      const data = await app.ok<any>(introspectionQuery());
      const served = printSchema(lexicographicSortSchema(buildClientSchema(data)));
      const file = printSchema(lexicographicSortSchema(buildSchema(committed)));
      if (served !== file) throw new Error(STALE);
      expect(served).toBe(file);
    });
  });
});
