import { readFileSync, statSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { withApp, parseArgs } from '../../cli-context';
import { StripeImportService } from '../../../modules/stripe/stripe-import.service';

const MAX_FILE_BYTES = 512 * 1024 * 1024;

/**
 * `npm run cli -- import stripe <file.json> [--as-of ISO]`: an export of subscriptions as the Stripe API lists them
 * (`{ "object": "list", "data": [ …subscriptions ] }`, or a bare array), mapped as the webhook maps them, to seed MRR
 * history. `--as-of` (default now) is the export's moment: webhook states newer than it are kept.
 */
export async function importStripe(file: string, args: string[] = []): Promise<number> {
  const { flags } = parseArgs(args);
  const asOf = typeof flags['as-of'] === 'string' ? new Date(flags['as-of']) : new Date();
  if (Number.isNaN(asOf.getTime()) || asOf.getTime() > Date.now() + 300_000)
    throw new Error('--as-of must be an ISO-8601 instant, not in the future');
  if (statSync(file).size > MAX_FILE_BYTES) throw new Error(`${file}: larger than 512 MB; split the export`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not JSON (${(err as Error).message})`, { cause: err });
  }
  const list =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed) && (parsed as { object?: unknown }).object === 'list'
      ? (parsed as { data?: unknown }).data
      : parsed;
  if (!Array.isArray(list))
    throw new Error(`${file}: expected a Stripe list ({ "object": "list", "data": [...] }) of subscriptions`);
  return withApp(async (app) => {
    const service = app.get(StripeImportService);
    const bar = process.stdout.isTTY
      ? new SingleBar({ format: 'subscriptions [{bar}] {value}/{total}' }, Presets.shades_classic)
      : null;
    bar?.start(list.length, 0);
    const totals = { subscriptions: list.length, imported: 0, unchanged: 0, stale: 0, errors: 0 };
    const errors: string[] = [];
    for (let i = 0; i < list.length; i++) {
      const r = await service.importSubscription(list[i], asOf);
      if ('error' in r) {
        totals.errors++;
        const id = (list[i] as { id?: unknown })?.id;
        errors.push(`data[${i}]${typeof id === 'string' ? ` ${id.slice(0, 100)}` : ''}: ${r.error}`);
      } else totals[r.outcome]++;
      bar?.update(i + 1);
    }
    bar?.stop();
    for (const e of errors) process.stderr.write(`${e}\n`);
    process.stdout.write(`${JSON.stringify(totals)}\n`);
    return totals.errors ? 2 : 0;
  });
}
