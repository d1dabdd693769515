/**
 * Slows password guessing: after too many failed logins within a window,
 * further attempts for the same account, or from the same address, are
 * refused before any password is checked.
 *
 * The failures are kept in the store (login-failure-store.ts), so every
 * server process on one store counts the same ones and a restart forgets
 * none. Each failure costs a password check first, which bounds how fast
 * the table can grow; failures older than the window are deleted as new
 * ones come.
 */
import type { Store } from '../store/database.ts';
import {
  addFailures,
  clearFailures,
  recentFailures,
} from '../store/login-failure-store.ts';

/** How many failures within how long lock a key. */
export interface ThrottlePolicy {
  readonly maxFailures: number;
  readonly windowMs: number;
}

/** 5 failures per 15 minutes, per account and per address. */
export const LOGIN_POLICY: ThrottlePolicy = {
  maxFailures: 5,
  windowMs: 15 * 60 * 1000,
};

/** Failed-login counts per key ('user:…' or 'ip:…'). */
export class LoginThrottle {
  readonly #store: Store;
  readonly #policy: ThrottlePolicy;

  constructor(store: Store, policy: ThrottlePolicy = LOGIN_POLICY) {
    this.#store = store;
    this.#policy = policy;
  }

  /** Whether any of the keys is locked at `now`. */
  async isLocked(keys: readonly string[], now: number): Promise<boolean> {
    const since = now - this.#policy.windowMs;
    const counts = await recentFailures(this.#store, keys, since);
    return [...counts.values()].some((n) => n >= this.#policy.maxFailures);
  }

  /** Counts one failure against each key. */
  async fail(keys: readonly string[], now: number): Promise<void> {
    await addFailures(this.#store, keys, now, now - this.#policy.windowMs);
  }

  /** Forgets a key's failures, e.g. an account's after a good login. */
  async clear(key: string): Promise<void> {
    await clearFailures(this.#store, key);
  }
}
