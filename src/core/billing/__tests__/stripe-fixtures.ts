import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The Stripe fixtures of the shared reference data (never copied into the repo): VITALS_SHARED_DIR when set (the
 * folder that holds `data/`, or `data/` itself), else `<repo>/../shared`. Tests skip with a message when absent.
 */
export function stripeFixturesDir(): string | null {
  const repo = resolve(__dirname, '../../../..');
  const candidates = [
    process.env.VITALS_SHARED_DIR && resolve(process.env.VITALS_SHARED_DIR, 'data/stripe'),
    process.env.VITALS_SHARED_DIR && resolve(process.env.VITALS_SHARED_DIR, 'stripe'),
    resolve(repo, '../shared/data/stripe'),
  ].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(resolve(p, 'stripe-openapi-fixtures3.json'))) ?? null;
}

export const STRIPE_FIXTURES = stripeFixturesDir();

/** A parsed fixture file: `dj-stripe-subscription_sub_fakefakefakefakefake0001.json` or `stripe-openapi-fixtures3.json`. */
export function stripeFixture<T = any>(name: string): T {
  if (!STRIPE_FIXTURES) throw new Error('Stripe fixtures are absent');
  return JSON.parse(readFileSync(resolve(STRIPE_FIXTURES, name), 'utf8')) as T;
}

export const djStripeSubscription = (n: 1 | 2 | 3 | 4): any =>
  stripeFixture(`dj-stripe-subscription_sub_fakefakefakefakefake000${n}.json`);

export const openApiResource = (name: string): any =>
  structuredClone(
    stripeFixture<{ resources: Record<string, unknown> }>('stripe-openapi-fixtures3.json').resources[name],
  );

/** `describe(name, body)` when the fixtures are present; otherwise one test saying what was not run and why. */
export function describeWithStripeFixtures(name: string, body: () => void): void {
  if (STRIPE_FIXTURES) describe(name, body);
  else
    it(`${name}: needs the Stripe fixtures of ../shared/data/stripe`, () =>
      console.warn(`${name}: skipped, ../shared/data/stripe is absent (set VITALS_SHARED_DIR)`));
}
