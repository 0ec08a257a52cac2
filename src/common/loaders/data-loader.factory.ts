import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';

type BatchFn = (keys: readonly any[]) => Promise<ArrayLike<any>>;

/**
 * Modules register named batch functions once; each GraphQL request gets its own set of DataLoaders
 * (built lazily in the request context), so lists never cause N+1 queries and nothing is cached across requests.
 */
@Injectable()
export class DataLoaderFactory {
  private readonly batchFns = new Map<string, BatchFn>();

  register<K, V>(name: string, batch: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>): void {
    if (this.batchFns.has(name)) throw new Error(`DataLoader ${name} registered twice`);
    this.batchFns.set(name, batch as BatchFn);
  }

  forRequest(): RequestLoaders {
    return new RequestLoaders(this.batchFns);
  }
}

export class RequestLoaders {
  private readonly loaders = new Map<string, DataLoader<any, any>>();

  constructor(private readonly batchFns: ReadonlyMap<string, BatchFn>) {}

  get<K, V>(name: string): DataLoader<K, V> {
    let loader = this.loaders.get(name);
    if (!loader) {
      const fn = this.batchFns.get(name);
      if (!fn) throw new Error(`No DataLoader named ${name}`);
      loader = new DataLoader(fn, { maxBatchSize: 1000 });
      this.loaders.set(name, loader);
    }
    return loader;
  }
}

/** Orders batch results like the keys; missing keys give `fallback`. */
export function byKeys<K, V, F>(keys: readonly K[], rows: V[], keyOf: (row: V) => K, fallback: F): Array<V | F> {
  const map = new Map<K, V>();
  for (const r of rows) map.set(keyOf(r), r);
  return keys.map((k) => map.get(k) ?? fallback);
}

/** Groups batch results by key, in the keys' order; missing keys give an empty list. */
export function groupByKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}
