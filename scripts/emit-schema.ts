/**
 * `npm run schema`: writes the service's GraphQL schema to schema.gql (no database needed).
 * `--print` writes it to stdout instead (the schema.gql test compares that with the committed file).
 */
import 'reflect-metadata';
import { relative } from 'node:path';
import { generateSchemaSdl, SCHEMA_FILE, writeSchemaFile } from '../src/common/graphql/schema-file';

async function main(): Promise<void> {
  if (process.argv.includes('--print')) {
    process.stdout.write(await generateSchemaSdl());
    return;
  }
  const changed = await writeSchemaFile();
  process.stdout.write(`${relative(process.cwd(), SCHEMA_FILE)} ${changed ? 'updated' : 'is up to date'}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Could not build the schema: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
