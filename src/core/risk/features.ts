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
  for (const name of spec.log ?? [])
    if (!spec.numeric.includes(name)) throw new Error(`log feature "${name}" is not a numeric feature`);
  for (const [group, fields] of Object.entries(spec.missingGroups ?? {}))
    for (const f of fields)
      if (!seen.has(f)) throw new Error(`missing-data group "${group}" names "${f}", which is not a feature`);
  if (spec.clip && !(spec.clip.lower >= 0 && spec.clip.lower < spec.clip.upper && spec.clip.upper <= 1))
    throw new Error(`clip quantiles must satisfy 0 ≤ lower < upper ≤ 1`);
}

/** Type-7 quantile (linear interpolation, as numpy's default) of sorted values. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The name of a missing-data group's design column. */
export const missingColumnName = (group: string) => `missing:${group}`;

/** Clip a raw value to the pipeline's training range of the field (unchanged without clip bounds). */
export function clipValue(pipeline: FeaturePipeline, name: string, v: number): number {
  const lo = pipeline.clipLow?.[name];
  const hi = pipeline.clipHigh?.[name];
  if (lo !== undefined && v < lo) return lo;
  if (hi !== undefined && v > hi) return hi;
  return v;
}

/** The modelled value of a present numeric: clipped, then ln(1 + x) for log fields (negative counts as 0). */
function shaped(pipeline: FeaturePipeline, name: string, v: number, logs: ReadonlySet<string> | null): number {
  const c = clipValue(pipeline, name, v);
  return logs?.has(name) ? Math.log1p(Math.max(0, c)) : c;
}

const logSets = new WeakMap<FeaturePipeline, ReadonlySet<string> | null>();
function logSet(pipeline: FeaturePipeline): ReadonlySet<string> | null {
  let s = logSets.get(pipeline);
  if (s === undefined) {
    s = pipeline.spec.log?.length ? new Set(pipeline.spec.log) : null;
    logSets.set(pipeline, s);
  }
  return s;
}

/**
 * Learn the feature pipeline from training rows only: clip bounds (training quantiles, when `spec.clip`),
 * mean and population std of each numeric field over its non-missing (clipped, log-shaped) values, the
 * sorted set of categories of each categorical field, and one indicator column per missing-data group.
 */
export function fitFeaturePipeline(rows: readonly FeatureRow[], spec: FeatureSpec): FeaturePipeline {
  validateSpec(spec);
  const means: Record<string, number> = {};
  const stds: Record<string, number> = {};
  const categories: Record<string, string[]> = {};
  const columns: DesignColumn[] = [];
  const clipLow: Record<string, number> = {};
  const clipHigh: Record<string, number> = {};
  const pipeline: FeaturePipeline = {
    spec: {
      numeric: [...spec.numeric],
      categorical: [...spec.categorical],
      ...(spec.log ? { log: [...spec.log] } : {}),
      ...(spec.clip ? { clip: { ...spec.clip } } : {}),
      ...(spec.missingGroups
        ? { missingGroups: Object.fromEntries(Object.entries(spec.missingGroups).map(([g, f]) => [g, [...f]])) }
        : {}),
    },
    means,
    stds,
    categories,
    columns,
    ...(spec.clip ? { clipLow, clipHigh } : {}),
  };
  const logs = spec.log?.length ? new Set(spec.log) : null;

  for (const name of spec.numeric) {
    const present: number[] = [];
    for (const r of rows) {
      const v = numericValue(r[name]);
      if (v !== null) present.push(v);
    }
    if (spec.clip && present.length) {
      const sorted = [...present].sort((a, b) => a - b);
      clipLow[name] = quantileSorted(sorted, spec.clip.lower);
      clipHigh[name] = quantileSorted(sorted, spec.clip.upper);
    }
    const values = present.map((v) => shaped(pipeline, name, v, logs));
    const n = values.length;
    let sum = 0;
    for (const v of values) sum += v;
    const mean = n > 0 ? sum / n : 0;
    let ss = 0;
    for (const v of values) ss += (v - mean) * (v - mean);
    let std = n > 0 ? Math.sqrt(ss / n) : 0;
    // A constant column can leave rounding noise in the two-pass std: treat it as exactly 0.
    if (std <= 1e-12 * Math.max(1, Math.abs(mean))) std = 0;
    means[name] = mean;
    stds[name] = std;
    columns.push({ kind: 'numeric', name, source: name });
  }

  for (const [group, fields] of Object.entries(spec.missingGroups ?? {}))
    columns.push({ kind: 'missing', name: missingColumnName(group), source: group, group: [...fields] });

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

  return pipeline;
}

/** Whether every field of a missing-data group is missing in the row. */
export function groupMissing(row: FeatureRow, fields: readonly string[], numeric: ReadonlySet<string>): boolean {
  return fields.every((f) => (numeric.has(f) ? numericValue(row[f]) === null : categoricalValue(row[f]) === null));
}

/** The design vector of one row (no intercept column), in `pipeline.columns` order. */
export function transformRow(pipeline: FeaturePipeline, row: FeatureRow, out?: Float64Array): Float64Array {
  const x = out ?? new Float64Array(pipeline.columns.length);
  x.fill(0);
  let j = 0;
  const logs = logSet(pipeline);
  for (const name of pipeline.spec.numeric) {
    const v = numericValue(row[name]);
    const mean = pipeline.means[name];
    const std = pipeline.stds[name];
    x[j++] = v === null ? 0 : (shaped(pipeline, name, v, logs) - mean) / (std > 0 ? std : 1);
  }
  const groups = pipeline.spec.missingGroups;
  if (groups) {
    const numeric = new Set(pipeline.spec.numeric);
    for (const fields of Object.values(groups)) x[j++] = groupMissing(row, fields, numeric) ? 1 : 0;
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
