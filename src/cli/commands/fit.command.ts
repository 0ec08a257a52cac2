import { readFileSync } from 'node:fs';
import {
  bgNbdRowsFromCsv,
  fitBgNbd,
  fitGammaGamma,
  fitSbg,
  gammaGammaRowsFromCsv,
  sbgDerl,
  sbgRetention,
  sbgSurvival,
} from '../../core/clv';

const USAGE =
  'usage: fit sbg --survivors N0,N1,...[;M0,M1,...] [--discount D] | fit bgnbd --file F.csv | fit gamma-gamma --file F.csv';

function flags(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else {
      const v = args[i + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      out[a.slice(2)] = v;
      i++;
    }
  }
  return out;
}

function only(f: Record<string, string>, allowed: string[]): void {
  for (const k of Object.keys(f)) if (!allowed.includes(k)) throw new Error(`unknown option --${k} (${USAGE})`);
}

function parseCounts(text: string): number[][] {
  return text.split(';').map((cohort) =>
    cohort.split(',').map((c) => {
      const v = Number(c.trim());
      if (c.trim() === '' || !Number.isFinite(v)) throw new Error(`--survivors: not a number: "${c}"`);
      return v;
    }),
  );
}

function readFile(path: string | undefined): string {
  if (!path) throw new Error('--file is required');
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
}

function fitModel(model: string | undefined, rest: string[]): { result: Record<string, unknown>; converged: boolean } {
  const f = flags(rest);
  switch (model) {
    case 'sbg': {
      only(f, ['survivors', 'discount']);
      if (!f.survivors) throw new Error('--survivors is required');
      const cohorts = parseCounts(f.survivors);
      const discount = f.discount === undefined ? 0.1 : Number(f.discount);
      if (!(discount > 0) || !Number.isFinite(discount)) throw new Error('--discount must be a number > 0');
      const fit = fitSbg(cohorts.length === 1 ? cohorts[0] : cohorts);
      const periods = Math.max(...cohorts.map((c) => c.length)) - 1;
      return {
        converged: fit.converged,
        result: {
          alpha: fit.alpha,
          beta: fit.beta,
          logLikelihood: fit.logLikelihood,
          retention: sbgRetention(fit.alpha, fit.beta, periods),
          survival: sbgSurvival(fit.alpha, fit.beta, periods),
          // a customer who has just started (n = 1, no renewal yet), in units of one period's payment
          derl: sbgDerl(fit.alpha, fit.beta, discount, 0),
        },
      };
    }
    case 'bgnbd': {
      only(f, ['file']);
      const fit = fitBgNbd(bgNbdRowsFromCsv(readFile(f.file)));
      return {
        converged: fit.converged,
        result: { r: fit.r, alpha: fit.alpha, a: fit.a, b: fit.b, logLikelihood: fit.logLikelihood },
      };
    }
    case 'gamma-gamma': {
      only(f, ['file']);
      const fit = fitGammaGamma(gammaGammaRowsFromCsv(readFile(f.file)));
      return { converged: fit.converged, result: { p: fit.p, q: fit.q, v: fit.v, logLikelihood: fit.logLikelihood } };
    }
    default:
      throw new Error(model ? `unknown model: ${model} (${USAGE})` : USAGE);
  }
}

/**
 * `npm run cli -- fit sbg|bgnbd|gamma-gamma ...`: fits a CLV model and prints one JSON object on stdout.
 * Errors: one line on stderr, exit code 1. A fit whose optimum could not be verified (see
 * docs/models-clv.md) still prints its JSON, with a one-line warning on stderr.
 */
export async function run(args: string[]): Promise<number> {
  const [model, ...rest] = args;
  let out: { result: Record<string, unknown>; converged: boolean };
  try {
    out = fitModel(model, rest);
  } catch (err) {
    process.stderr.write(`fit: ${(err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
  if (!out.converged)
    process.stderr.write(`fit ${model}: warning: optimum not verified (Newton step above tolerance)\n`);
  process.stdout.write(`${JSON.stringify(out.result)}\n`);
  return 0;
}
