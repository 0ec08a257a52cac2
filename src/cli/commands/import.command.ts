import { existsSync } from 'node:fs';
import { parseArgs } from '../cli-context';

type Importer = (file: string, args: string[]) => Promise<number>;

/**
 * `npm run cli -- import <kind> <file> [--flags]`. Each kind lives in `./import/<kind>.importer.ts` and exports
 * `import<Kind>(file, args)`. Exit code 0 = all rows imported, 2 = some rows rejected (listed by line).
 */
export async function run(args: string[]): Promise<number> {
  const { positional } = parseArgs(args);
  const [kind, file] = positional;
  const kinds: Record<string, () => Promise<Importer>> = {
    accounts: async () => (await import('./import/accounts.importer')).importAccounts,
    stripe: async () => (await import('./import/stripe.importer')).importStripe,
  };
  if (existsSync(`${__dirname}/import/signals.importer.ts`) || existsSync(`${__dirname}/import/signals.importer.js`)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    kinds.signals = async () => require('./import/signals.importer').importSignals;
  }
  if (!kind || !kinds[kind])
    throw new Error(
      `usage: import <${Object.keys(kinds).join('|')}> <file>  (accounts: [--map map.json | --preset hubspot|salesforce]; stripe: [--as-of ISO])`,
    );
  if (!file || !existsSync(file)) throw new Error(`file not found: ${file ?? '(none)'}`);
  const importer = await kinds[kind]();
  return importer(file, args);
}
