/**
 * Group commit for the access log. Every answer that shows another
 * party's records must have its log rows committed before it is sent;
 * committing each request's rows alone makes the commit the dearest step
 * of a cached answer. Requests that reach this point in the same turn of
 * the event loop are written in one transaction instead, and each waits
 * for that commit. A failed commit fails every request in it, so no
 * answer leaves unlogged.
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
      if (this.#queue.length === 0) setImmediate(() => void this.#flush());
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
