/**
 * Bodies as viewers see them, kept per open store by record id and view
 * (in full for the sender's own party, withheld for anyone else). A
 * stored record never changes, so neither view of it does. Computing one
 * costs a read of its payload, a decompression and an XML parse, about
 * half of the CPU of a freshly computed page of records; a page of
 * records that was shown before, under any filter, page or party,
 * skips all three.
 *
 * The views are frozen, because every answer that shows a record shares
 * the one object: a change made for one viewer must not reach another.
 * Memory is bounded by the length of the XML the kept views came from,
 * a view being of the same order; the least recently used go first.
 */
import type { Store } from '../store/database.ts';
import type { PayloadView } from './payload-view.ts';

/** The XML, in characters, whose views a store keeps (about 16,000
 * messages of the usual 2 KB). */
export const MAX_SOURCE_CHARS = 32 * 1024 * 1024;

interface Entry {
  readonly view: PayloadView;
  readonly sourceChars: number;
}

/** The views of one store's records; see the module comment. */
export class PayloadViewCache {
  // Keyed by record id * 2, plus 1 for the full view: one number key is
  // cheaper to hash than a string. Ids stay far below 2^52.
  readonly #entries = new Map<number, Entry>();
  readonly #maxSourceChars: number;
  #sourceChars = 0;

  constructor(maxSourceChars: number = MAX_SOURCE_CHARS) {
    this.#maxSourceChars = maxSourceChars;
  }

  /** The kept view of a record, if any; it becomes the most recent. */
  get(recordId: number, full: boolean): PayloadView | undefined {
    const key = keyOf(recordId, full);
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.view;
  }

  /** Keeps a record's view, computed from `sourceChars` of XML, and
   * returns it frozen. */
  set(
    recordId: number,
    full: boolean,
    view: PayloadView,
    sourceChars: number,
  ): PayloadView {
    const frozen = deepFreeze(view);
    if (sourceChars > this.#maxSourceChars) return frozen;
    const key = keyOf(recordId, full);
    this.#forget(key);
    this.#entries.set(key, { view: frozen, sourceChars });
    this.#sourceChars += sourceChars;
    for (const oldest of this.#entries.keys()) {
      if (this.#sourceChars <= this.#maxSourceChars) break;
      this.#forget(oldest);
    }
    return frozen;
  }

  /** How many views are kept. */
  get size(): number {
    return this.#entries.size;
  }

  #forget(key: number): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#sourceChars -= entry.sourceChars;
    this.#entries.delete(key);
  }
}

const caches = new WeakMap<Store, PayloadViewCache>();

/** The view cache of an open store (one per Store object: record ids
 * are unique only within a store). */
export function payloadViewsOf(store: Store): PayloadViewCache {
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = new PayloadViewCache();
    caches.set(store, cache);
  }
  return cache;
}

function keyOf(recordId: number, full: boolean): number {
  return recordId * 2 + (full ? 1 : 0);
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) {
    return value;
  }
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
