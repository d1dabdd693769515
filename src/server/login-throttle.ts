/**
 * Slows password guessing: after too many failed logins within a window,
 * further attempts for the same account, or from the same address, are
 * refused before any password is checked.
 *
 * TODO: the counts live in this process only, so several server processes
 * behind one address each allow the full number of attempts, and a
 * restart forgets them; a shared table (or the proxy's limiter) would fix
 * that.
 */

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

// Bounds memory when an attacker invents endless usernames or addresses.
const MAX_KEYS = 100_000;

/** Failed-login counts per key ('user:…' or 'ip:…'). */
export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();
  readonly #policy: ThrottlePolicy;

  constructor(policy: ThrottlePolicy = LOGIN_POLICY) {
    this.#policy = policy;
  }

  /** Whether any of the keys is locked at `now`. */
  isLocked(keys: readonly string[], now: number): boolean {
    return keys.some(
      (key) => this.#recent(key, now).length >= this.#policy.maxFailures,
    );
  }

  /** Counts one failure against each key. */
  fail(keys: readonly string[], now: number): void {
    for (const key of keys) {
      const recent = this.#recent(key, now);
      recent.push(now);
      this.#failures.delete(key);
      this.#failures.set(key, recent);
    }
    this.#evictOldest();
  }

  /** Forgets a key's failures, e.g. an account's after a good login. */
  clear(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string, now: number): number[] {
    const since = now - this.#policy.windowMs;
    return (this.#failures.get(key) ?? []).filter((at) => at > since);
  }

  #evictOldest(): void {
    // A Map iterates in insertion order and fail() re-inserts, so the
    // first keys are the ones that failed longest ago.
    for (const key of this.#failures.keys()) {
      if (this.#failures.size <= MAX_KEYS) return;
      this.#failures.delete(key);
    }
  }
}
