import { SingleBar, Presets } from 'cli-progress';
import { parseArgs, withApp } from '../cli-context';
import { DemoService } from '../../modules/demo/demo.service';
import { generateDemoBook } from '../../core/demo/demo-book.generator';

/** `npm run cli -- demo [--accounts N] [--seed S] [--months M] [--force] [--no-signals]`: loads the demo book of business. */
export async function run(args: string[]): Promise<number> {
  const { flags } = parseArgs(args);
  const accounts = Number(flags.accounts ?? 300);
  const seed = Number(flags.seed ?? 42);
  const months = Number(flags.months ?? 18);
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > 1_000_000)
    throw new Error('--accounts must be an integer between 1 and 1000000');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  if (!Number.isInteger(months) || months < 1 || months > 120)
    throw new Error('--months must be an integer between 1 and 120');
  return withApp(async (app) => {
    const demo = app.get(DemoService);
    if (!(await demo.isEmpty()) && !flags.force) {
      process.stderr.write(
        'The database already has accounts; the demo book loads only into an empty database (use --force to add it anyway).\n',
      );
      return 1;
    }
    const started = Date.now();
    const book = generateDemoBook({ accounts, seed, months });
    const bar = process.stdout.isTTY
      ? new SingleBar({ format: 'demo [{bar}] {percentage}% {value}/{total}' }, Presets.shades_classic)
      : null;
    bar?.start(book.accounts.length + book.changes.length, 0);
    await demo.load(book, (done) => bar?.update(done), { signals: !flags['no-signals'] });
    bar?.stop();
    process.stdout.write(
      `${JSON.stringify({ accounts: book.accounts.length, mrrChanges: book.changes.length, seed, months, seconds: (Date.now() - started) / 1000 })}\n`,
    );
    return 0;
  });
}
