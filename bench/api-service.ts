// The service as the API benchmark runs it: src/main.ts under its own entry name, so that clean-ups of
// stray test servers (which match `src/main.ts` on the command line) leave a running benchmark alone.
import '../src/main';
