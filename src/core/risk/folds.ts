/** Deterministic resampling: seeded PRNG, stratified k-fold, time-based holdout. */

/** mulberry32: a small, fast, seedable 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place with the given PRNG. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

export interface Fold {
  /** Row indices to fit on, ascending. */
  train: number[];
  /** Row indices to evaluate on, ascending. */
  test: number[];
}

/**
 * Stratified k-fold: the indices of each class are shuffled with mulberry32(seed) and dealt
 * round-robin to the folds (the second class continues where the first stopped), so every fold
 * gets ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of each class c and fold sizes differ by at most one.
 * Same labels + same seed → same folds.
 */
export function stratifiedKFold(labels: readonly number[], k: number, seed = 42): Fold[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`folds must be an integer ≥ 2, got ${k}`);
  if (k > labels.length) throw new Error(`cannot make ${k} folds of ${labels.length} rows`);
  const random = mulberry32(seed);
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  const foldOf = new Array<number>(labels.length);
  let next = 0;
  for (const c of classes) {
    const idx: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === c) idx.push(i);
    shuffleInPlace(idx, random);
    for (const i of idx) {
      foldOf[i] = next;
      next = (next + 1) % k;
    }
  }
  const folds: Fold[] = Array.from({ length: k }, () => ({ train: [], test: [] }));
  for (let i = 0; i < labels.length; i++) {
    for (let f = 0; f < k; f++) (f === foldOf[i] ? folds[f].test : folds[f].train).push(i);
  }
  return folds;
}

export interface TimeHoldout {
  /** Indices of snapshots strictly before the cut day. */
  train: number[];
  /** Indices of snapshots on the latest day. */
  test: number[];
  cutDay: string;
  testDay: string;
}

/**
 * Time-based holdout for as-of snapshots (one row per account per snapshot day, ISO `YYYY-MM-DD`):
 * train on every snapshot strictly before `cutDay`, evaluate on the snapshots of the latest day.
 * `cutDay` defaults to the latest day. To keep it honest, choose `cutDay` so that training labels
 * (e.g. "churned within 90 days of the snapshot") were observable before the test snapshot:
 * cutDay ≤ latest − horizon.
 */
export function timeBasedHoldout(days: readonly string[], cutDay?: string): TimeHoldout {
  if (days.length === 0) throw new Error('no snapshots');
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  for (const d of days) if (!iso.test(d)) throw new Error(`snapshot day "${d}" is not YYYY-MM-DD`);
  if (cutDay !== undefined && !iso.test(cutDay)) throw new Error(`cut day "${cutDay}" is not YYYY-MM-DD`);
  let latest = days[0];
  for (const d of days) if (d > latest) latest = d;
  const cut = cutDay ?? latest;
  if (cut > latest) throw new Error(`cut day ${cut} is after the latest snapshot ${latest}`);
  const train: number[] = [];
  const test: number[] = [];
  days.forEach((d, i) => {
    if (d < cut) train.push(i);
    if (d === latest) test.push(i);
  });
  return { train, test, cutDay: cut, testDay: latest };
}
