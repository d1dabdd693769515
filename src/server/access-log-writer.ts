/**
 * Group commit for the access log. Every answer that shows another
 * party's records must have its log rows committed before it is sent;
 * committing each request's rows alone makes the commit the dearest step
 * of a cached answer. Requests that reach this point within
 * GROUP_WINDOW_MS of the first waiting one are written in one transaction
 * instead, and each waits for that commit. A failed commit fails every
 * request in it, so no answer leaves unlogged.
 *
 * The window trades a little latency for throughput: each SQLite commit
 * appends the pages it touched to the WAL, so under 50 concurrent clients
 * committing per event-loop turn (a few requests each) served about a
 * fifth fewer cached answers per second than a 2 ms window does.
 */
import {
  appendAccessLog,
  type NewAccessLogEntry,
} from '../store/access-log-store.ts';
import type { Store } from '../store/database.ts';

/** How long the first request of a group waits for others to join it. */
export const GROUP_WINDOW_MS = 2;

interface Waiting {
  readonly entries: readonly NewAccessLogEntry[];
  resolve(): void;
  reject(error: unknown): void;
}

/** Batches access-log rows per event-loop turn. */
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
        setTimeout(() => void this.#flush(), GROUP_WINDOW_MS);
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
