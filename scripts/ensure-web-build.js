#!/usr/bin/env node
/**
 * Run by `npm start` (its `prestart`): builds the web app (web/dist, served at /app) when the build is missing
 * or older than anything it is built from — web sources and config, schema.gql (codegen), package-lock.json
 * (dependency versions). Otherwise it returns at once (one directory walk, a few milliseconds).
 *
 * Chosen over building in `prepare`: `npm ci` stays as fast as before, an install without dev dependencies
 * (`npm ci --omit=dev`, no Vite) still installs, and a `git pull` that changes the app rebuilds it on the next
 * start. Without Vite installed it only warns (the service then answers /app with a 503 page saying how to
 * build). A failing build stops `npm start` with the build's output; SKIP_WEB_BUILD=1 starts without building.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const WEB = join(ROOT, 'web');
const INDEX = join(WEB, 'dist', 'index.html');
/** Under web/: generated or output folders that are not inputs of the build. */
const NOT_INPUTS = new Set(['node_modules', 'dist', 'test-results', 'gql', '__screenshots__', 'coverage']);

function newestInput() {
  let newest = { mtimeMs: 0, path: '' };
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || NOT_INPUTS.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile()) {
        const { mtimeMs } = statSync(path);
        if (mtimeMs > newest.mtimeMs) newest = { mtimeMs, path };
      }
    }
  };
  visit(WEB);
  for (const file of ['schema.gql', 'package-lock.json']) {
    const path = join(ROOT, file);
    if (existsSync(path)) {
      const { mtimeMs } = statSync(path);
      if (mtimeMs > newest.mtimeMs) newest = { mtimeMs, path };
    }
  }
  return newest;
}

function main() {
  if (process.env.SKIP_WEB_BUILD === '1' || !existsSync(join(WEB, 'package.json'))) return 0;
  const input = newestInput();
  const built = existsSync(INDEX) ? statSync(INDEX).mtimeMs : null;
  if (built !== null && built >= input.mtimeMs) return 0;
  const why =
    built === null ? 'web/dist is missing' : `${relative(ROOT, input.path)} changed since the last build of web/dist`;
  let viteInstalled = true;
  try {
    require.resolve('vite/package.json', { paths: [WEB, ROOT] });
  } catch {
    viteInstalled = false;
  }
  if (!viteInstalled) {
    process.stderr.write(
      `The web app is not built (${why}) and its build tools are not installed (dev dependencies omitted?): ` +
        '/app will answer 503 until `npm run build -w web` has run.\n',
    );
    return 0;
  }
  process.stdout.write(`Building the web app (${why}) …\n`);
  const started = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['run', 'build', '-w', 'web'], {
    cwd: ROOT,
    // Always the production build: under jest (NODE_ENV=test) Vite would bundle React's development build, and
    // `npm start` or bench:web would then serve that one (bigger and several times slower).
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) {
    process.stderr.write(`${run.stdout ?? ''}${run.stderr ?? ''}`);
    process.stderr.write(
      'The web app did not build (output above). Fix it, or start without building: SKIP_WEB_BUILD=1 npm start\n',
    );
    return 1;
  }
  process.stdout.write(`Built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

process.exit(main());
