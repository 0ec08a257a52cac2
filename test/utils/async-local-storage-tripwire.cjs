// Loaded into a spawned service with NODE_OPTIONS=--require (test/logging.e2e-spec.ts): prints a marker the first
// time anything in the process enters an AsyncLocalStorage. On Node 20 that turns on promise hooks for every
// promise, which cost about a quarter of the service's CPU per request (src/common/logging/logging.ts).
const { AsyncLocalStorage } = require('node:async_hooks');
let reported = false;
for (const method of ['run', 'enterWith']) {
  const original = AsyncLocalStorage.prototype[method];
  AsyncLocalStorage.prototype[method] = function (...args) {
    if (!reported) {
      reported = true;
      process.stderr.write(`ASYNC_LOCAL_STORAGE_ENTERED via ${method}\n${new Error().stack}\n`);
    }
    return original.apply(this, args);
  };
}
