import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id with the library's defaults (19 MiB, 2 passes, 1 lane: OWASP's recommended minimum), stored as PHC
 * strings, so the parameters can be raised later without breaking existing hashes. Hashing runs on libuv's
 * thread pool, not on the event loop.
 */
@Injectable()
export class PasswordHasher {
  /** A hash of a random password: verified against when there is no real hash, so every miss costs the same. */
  private dummy: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return hash(password);
  }

  /** True when `password` matches `stored`; a missing hash still spends one full verification, then answers false. */
  async verify(stored: string | null | undefined, password: string): Promise<boolean> {
    if (stored) {
      try {
        return await verify(stored, password);
      } catch {
        // A malformed stored hash is a mismatch, not an outage.
        return false;
      }
    }
    this.dummy ??= hash(randomBytes(24).toString('base64url'));
    await verify(await this.dummy, password).catch(() => false);
    return false;
  }
}
