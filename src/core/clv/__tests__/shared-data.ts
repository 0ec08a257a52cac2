import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Reference data lives outside the repo, in ../shared/data (jest runs with cwd = repo root). */
export function sharedDataFile(name: string): { path: string; present: boolean; read: () => string } {
  const path = resolve(process.cwd(), '../shared/data', name);
  return { path, present: existsSync(path), read: () => readFileSync(path, 'utf8') };
}
