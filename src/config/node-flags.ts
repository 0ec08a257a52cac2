/**
 * The V8 flags the service runs with: `npm start`, `npm run start:prod`, the Dockerfile, and the benchmarks
 * and e2e tests that spawn the service (a unit test keeps package.json and the Dockerfile in step with this).
 *
 * `--max-semi-space-size=64` (MB): a GraphQL request allocates a few hundred KB of short-lived objects (rows,
 * resolver results, the response). With V8's default young generation (16 MB semi-spaces on 64-bit) a loaded
 * service runs a scavenge every few dozen requests; with 64 MB it runs a quarter as many. Measured on bench:api
 * (docs/benchmarks.md): GC fell from ≈ 19 % to ≈ 8 % of the service's CPU profile, and throughput rose by a
 * third. Costs at most ≈ 150 MB more RSS under load.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
