import 'reflect-metadata';

/**
 * `npm run cli -- <command> [args]`: the one entry point for operator commands.
 * Each command lives in `src/cli/commands/<command>.command.ts` and exports
 * `run(args: string[]): Promise<number | void>` (the exit code, 0 by default).
 */
async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(
      [
        'usage: npm run cli -- <command> [args]',
        '  demo [--accounts N] [--seed S]           load the demo book of business',
        '  import accounts <file.csv>               upsert accounts by externalId',
        '  import signals <file.ndjson|file.csv>    ingest usage signals',
        '  create-key --role ROLE --email EMAIL     issue an API key',
        '  password-link --email EMAIL              a one-time set-password link (e.g. a locked-out admin)',
        '  fit sbg|bgnbd|gamma-gamma ...            fit a CLV model, print JSON',
        '  evaluate churn --file F --folds K        cross-validate the churn model, print JSON',
        '',
      ].join('\n'),
    );
    return;
  }
  if (!/^[a-z][a-z0-9-]*$/.test(command)) {
    process.stderr.write(`unknown command: ${command}\n`);
    process.exitCode = 2;
    return;
  }
  let mod: { run: (args: string[]) => Promise<number | void> };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(`./commands/${command}.command`);
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
      String(err.message).includes(`${command}.command`)
    ) {
      process.stderr.write(`unknown command: ${command} (try --help)\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
  const code = await mod.run(args);
  // Exit explicitly: the embedded PostgreSQL's exit hook would otherwise turn any code into 0.
  process.exit(typeof code === 'number' ? code : 0);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
