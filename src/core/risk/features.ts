import { DesignColumn, FeaturePipeline, FeatureRow, FeatureSpec, FeatureValue } from './types';

/** A numeric input value, or null when missing (null, undefined, '', NaN, ±Infinity, non-numeric). */
export function numericValue(v: FeatureValue): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/** A categorical input value, or null when missing (null, undefined, ''). Numbers and booleans are stringified. */
export function categoricalValue(v: FeatureValue): string | null {
  if (v === null || v === undefined) return null;
  const s = typeof v === 'string' ? v : String(v);
  return s === '' ? null : s;
}

function validateSpec(spec: FeatureSpec): void {
  const seen = new Set<string>();
  for (const name of [...spec.numeric, ...spec.categorical]) {
    if (seen.has(name)) throw new Error(`feature "${name}" listed twice in the spec`);
    seen.add(name);
  }
}

/**
 * Learn the feature pipeline from training rows only: mean and population std of each numeric
 * field over its non-missing values, and the sorted set of categories of each categorical field.
 */
export function fitFeaturePipeline(rows: readonly FeatureRow[], spec: FeatureSpec): FeaturePipeline {
  validateSpec(spec);
  const means: Record<string, number> = {};
  const stds: Record<string, number> = {};
  const categories: Record<string, string[]> = {};
  const columns: DesignColumn[] = [];

  for (const name of spec.numeric) {
    let n = 0;
    let sum = 0;
    for (const r of rows) {
      const v = numericValue(r[name]);
      if (v !== null) {
        n++;
        sum += v;
      }
    }
    const mean = n > 0 ? sum / n : 0;
    let ss = 0;
    for (const r of rows) {
      const v = numericValue(r[name]);
      if (v !== null) ss += (v - mean) * (v - mean);
    }
    let std = n > 0 ? Math.sqrt(ss / n) : 0;
    // A constant column can leave rounding noise in the two-pass std: treat it as exactly 0.
    if (std <= 1e-12 * Math.max(1, Math.abs(mean))) std = 0;
    means[name] = mean;
    stds[name] = std;
    columns.push({ kind: 'numeric', name, source: name });
  }

  for (const name of spec.categorical) {
    const set = new Set<string>();
    for (const r of rows) {
      const v = categoricalValue(r[name]);
      if (v !== null) set.add(v);
    }
    const cats = [...set].sort();
    categories[name] = cats;
    for (const value of cats) columns.push({ kind: 'onehot', name: `${name}=${value}`, source: name, value });
  }

  return { spec: { numeric: [...spec.numeric], categorical: [...spec.categorical] }, means, stds, categories, columns };
}

/** The design vector of one row (no intercept column), in `pipeline.columns` order. */
export function transformRow(pipeline: FeaturePipeline, row: FeatureRow, out?: Float64Array): Float64Array {
  const x = out ?? new Float64Array(pipeline.columns.length);
  x.fill(0);
  let j = 0;
  for (const name of pipeline.spec.numeric) {
    const v = numericValue(row[name]);
    const mean = pipeline.means[name];
    const std = pipeline.stds[name];
    x[j++] = v === null ? 0 : (v - mean) / (std > 0 ? std : 1);
  }
  for (const name of pipeline.spec.categorical) {
    const cats = pipeline.categories[name];
    const v = categoricalValue(row[name]);
    if (v !== null) {
      const k = binarySearch(cats, v);
      if (k >= 0) x[j + k] = 1;
    }
    j += cats.length;
  }
  return x;
}

/** Design matrix of many rows, row-major, n × columns.length. */
export function transformRows(pipeline: FeaturePipeline, rows: readonly FeatureRow[]): Float64Array[] {
  return rows.map((r) => transformRow(pipeline, r));
}

function binarySearch(sorted: readonly string[], v: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sorted[mid];
    if (s === v) return mid;
    if (s < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
