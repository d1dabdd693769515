/**
 * Tells when another connection has committed to a SQLite store, so that
 * what a server keeps in memory (answers, callers) can be dropped the
 * moment an ingest or a `satview tokens revoke` lands. SQLite's
 * `PRAGMA data_version` changes exactly then; this connection's own
 * commits leave it alone.
 *
 * Reading it is a read transaction of its own (a few µs, but one per
 * request was a tenth of a cached answer's CPU), so a reading is reused
 * for REUSE_MS: a commit by another connection shows that much late at
 * most, which no client can tell apart from having asked a moment
 * earlier.
 */
import { performance } from 'node:perf_hooks';

import type { Statement } from 'better-sqlite3';

import type { Store } from './database.ts';

/** How long one reading of the version is reused, in milliseconds. */
export const REUSE_MS = 1;

export class CommitWatch {
  readonly #store: Store;
  #statement: Statement | undefined;
  #seen: number | null = null;
  #readAt = Number.NEGATIVE_INFINITY;

  constructor(store: Store) {
    this.#store = store;
  }

  /**
   * A number that changes whenever another connection commits; null when
   * the store cannot tell (PostgreSQL, or a closed SQLite handle), in
   * which case whatever is kept must expire by time alone.
   */
  version(): number | null {
    const sqlite = this.#store.sqlite;
    if (sqlite === null || !sqlite.open) return null;
    const now = performance.now();
    if (now - this.#readAt < REUSE_MS) return this.#seen;
    // Prepared once: sqlite.pragma() would prepare on every call.
    this.#statement ??= sqlite.prepare('pragma data_version').pluck();
    this.#seen = this.#statement.get() as number;
    this.#readAt = now;
    return this.#seen;
  }
}
