import { readFileSync } from 'node:fs';
import { crossValidateRiskModel, parseTelcoCsv, TelcoFeatureSet } from '../../core/risk';

const USAGE = 'usage: evaluate churn --file F.csv [--folds K=5] [--seed S=42] [--l2 L=1] [--features extended|basic]';

interface EvaluateArgs {
  file: string;
  folds: number;
  seed: number;
  l2: number;
  features: TelcoFeatureSet;
}

function parseArgs(args: string[]): EvaluateArgs {
  const [target, ...rest] = args;
  if (target !== 'churn') throw new Error(target ? `unknown evaluation target "${target}"; ${USAGE}` : USAGE);
  const opts: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unexpected argument "${a}"; ${USAGE}`);
    const key = m[1];
    if (!['file', 'folds', 'seed', 'l2', 'features'].includes(key))
      throw new Error(`unknown option --${key}; ${USAGE}`);
    let value = m[2];
    if (value === undefined) {
      value = rest[++i];
      if (value === undefined) throw new Error(`--${key} needs a value`);
    }
    opts[key] = value;
  }
  if (!opts.file) throw new Error(`--file is required; ${USAGE}`);
  const int = (key: string, def: number): number => {
    if (opts[key] === undefined) return def;
    const v = Number(opts[key]);
    if (!Number.isInteger(v)) throw new Error(`--${key} must be an integer, got "${opts[key]}"`);
    return v;
  };
  const folds = int('folds', 5);
  if (folds < 2) throw new Error(`--folds must be ≥ 2, got ${folds}`);
  const l2 = opts.l2 === undefined ? 1 : Number(opts.l2);
  if (!Number.isFinite(l2) || l2 < 0) throw new Error(`--l2 must be a number ≥ 0, got "${opts.l2}"`);
  const features = (opts.features ?? 'extended') as TelcoFeatureSet;
  if (features !== 'extended' && features !== 'basic') throw new Error(`--features must be extended or basic`);
  return { file: opts.file, folds, seed: int('seed', 42), l2, features };
}

/**
 * `npm run -s cli -- evaluate churn --file ../shared/data/Telco-Customer-Churn.csv --folds 5`
 * Stratified k-fold cross-validation of the churn-risk model (the product's code path) on the Telco
 * churn sample; prints one JSON object on stdout. Errors: one line on stderr, exit code 1.
 */
export async function run(args: string[]): Promise<number> {
  try {
    const opts = parseArgs(args);
    let text: string;
    try {
      text = readFileSync(opts.file, 'utf8');
    } catch (err) {
      throw new Error(`cannot read ${opts.file}: ${(err as NodeJS.ErrnoException).code ?? err.message}`, {
        cause: err,
      });
    }
    const data = parseTelcoCsv(text, opts.features);
    const result = crossValidateRiskModel(data.rows, data.labels, data.spec, {
      folds: opts.folds,
      seed: opts.seed,
      l2: opts.l2,
    });
    process.stdout.write(
      JSON.stringify({
        auc: result.auc,
        aucStd: result.aucStd,
        brier: result.brier,
        prAuc: result.prAuc,
        n: result.n,
        positives: result.positives,
        folds: result.folds,
      }) + '\n',
    );
    return 0;
  } catch (err) {
    process.stderr.write(`evaluate: ${String(err instanceof Error ? err.message : err).replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
}
