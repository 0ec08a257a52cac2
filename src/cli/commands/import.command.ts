import { existsSync } from 'node:fs';

/**
 * `npm run cli -- import <kind> <file>`. Each kind lives in `./import/<kind>.importer.ts`
 * and exports `import<Kind>(file)`. Exit code 0 = all rows imported, 2 = some rows rejected (listed by line).
 */
export async function run(args: string[]): Promise<number> {
  const [kind, file] = args;
  const kinds: Record<string, () => Promise<(file: string) => Promise<number>>> = {
    accounts: async () => (await import('./import/accounts.importer')).importAccounts,
  };
  if (existsSync(`${__dirname}/import/signals.importer.ts`) || existsSync(`${__dirname}/import/signals.importer.js`)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    kinds.signals = async () => require('./import/signals.importer').importSignals;
  }
  if (!kind || !kinds[kind]) throw new Error(`usage: import <${Object.keys(kinds).join('|')}> <file>`);
  if (!file || !existsSync(file)) throw new Error(`file not found: ${file ?? '(none)'}`);
  const importer = await kinds[kind]();
  return importer(file);
}
