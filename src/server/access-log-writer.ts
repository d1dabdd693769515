/**
 * Group commit for the access log. Every answer that shows another
 * party's records must have its log rows committed before it is sent;
 * committing each request's rows alone makes the commit the dearest step
 * of a cached answer. The requests that reach this point in one turn of
 * the event loop (the requests whose data arrived together) are written
 * in one transaction instead, committed as that turn's I/O callbacks end
 * (setImmediate), and each waits for that commit. A failed commit fails
 * every request in it, so no answer leaves unlogged.
 *
 * Waiting longer gathers bigger groups but leaves the server idle while
 * all its clients wait. Which wins depends on the commit's cost. Under
 * `satview bench api` (50 concurrent clients, cached answers), with the
 * access log's owner index filled in batches (about 6 µs a row to
 * commit), a commit per turn served 15.5k–19.1k answers a second in four
 * alternating runs, against 13.5k–16.2k for a 1 ms window; it makes about
 * 500 commits a second of about 30 rows each. When every row cost twice
 * that, the 1 ms window had been the better one (16.5k–19.8k against
 * 14.0k–16.4k a turn), and 2, 4 and 6 ms windows worse than either.
 */
import {
  appendAccessLog,
  type NewAccessLogEntry,
} from '../store/access-log-store.ts';
import type { Store } from '../store/database.ts';

interface Waiting {
  readonly entries: readonly NewAccessLogEntry[];
  resolve(): void;
  reject(error: unknown): void;
}

/** Commits access-log rows in groups; see the module comment. */
export class AccessLogWriter {
  readonly #store: Store;
  #queue: Waiting[] = [];

  constructor(store: Store) {
    this.#store = store;
  }

  /** Resolves once the entries are committed. */
  append(entries: readonly NewAccessLogEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (this.#queue.length === 0) {
        setImmediate(() => void this.#flush());
      }
      this.#queue.push({ entries, resolve, reject });
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#queue;
    this.#queue = [];
    try {
      await appendAccessLog(
        this.#store,
        batch.flatMap((waiting) => waiting.entries),
      );
      for (const waiting of batch) waiting.resolve();
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
