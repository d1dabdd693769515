/**
 * Callers already identified, by the hash of the secret they sent (token
 * or session id), so that a busy client is not looked up in the store on
 * every request: on SQLite that lookup and the commit check before it
 * were a fifth of the server's CPU under load.
 *
 * Kept only where the store says when it changed (SQLite, through
 * CommitWatch): an entry dies within a millisecond of another connection
 * committing (a `satview tokens revoke`, `accounts disable`, an ingest),
 * when its session expires, after MAX_AGE_MS in any case, and at once
 * when this server ends the session itself (logout). On PostgreSQL
 * nothing is kept and every request is looked up, so a revocation there
 * also takes effect on the next request.
 */
import type { CommitWatch } from '../store/commit-watch.ts';
import type { Caller } from './caller-authentication.ts';

/** How long an entry may live when nothing else ends it first. */
export const MAX_AGE_MS = 60_000;

// Bounds memory against a flood of distinct (wrong or valid) secrets.
const MAX_ENTRIES = 10_000;

interface Entry {
  readonly caller: Caller;
  readonly expiresAt: number;
  readonly version: number;
}

export class CallerCache {
  readonly #entries = new Map<string, Entry>();
  readonly #commits: CommitWatch;

  constructor(commits: CommitWatch) {
    this.#commits = commits;
  }

  /** The caller that sent this secret hash, if known and still valid. */
  get(secretHash: string, now: number): Caller | undefined {
    const entry = this.#entries.get(secretHash);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now || entry.version !== this.#commits.version()) {
      this.#entries.delete(secretHash);
      return undefined;
    }
    return entry.caller;
  }

  /** Keeps a caller found in the store at `now`, valid until
   * `validUntil` at the latest (a session's expiry). */
  set(secretHash: string, caller: Caller, now: number, validUntil: number) {
    const version = this.#commits.version();
    if (version === null) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    const expiresAt = Math.min(validUntil, now + MAX_AGE_MS);
    this.#entries.set(secretHash, { caller, expiresAt, version });
  }

  /** Forgets a secret that this server has just ended. */
  forget(secretHash: string): void {
    this.#entries.delete(secretHash);
  }
}
