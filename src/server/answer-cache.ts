/**
 * A short-lived cache of record answers (device records, threads, pending
 * commands, the feed), keyed by the caller's party, the content coding
 * and the full URL. An answer depends on nothing else: every visibility
 * query takes the party as its only viewer input. Computing a page costs
 * milliseconds (the visibility rule in SQL, then one XML parse per record
 * to withhold its payload); a cached one is sent as the coded bytes it
 * was.
 *
 * An entry lives `ttlMs` at most, so a change of responsibility (judged
 * at "now") or newly ingested records show within that time. On SQLite it
 * also dies within a millisecond of another connection (an ingest)
 * committing, which CommitWatch tells. The access log is written
 * on every answer, cached or not: the cache keeps which records it shows.
 */
import type { CommitWatch } from '../store/commit-watch.ts';
import type { CodedBody, Coding } from './answer-coding.ts';

/** The records one answer shows, by the party that sent them. */
export interface ShownRecords {
  readonly ownerPartyId: string | null;
  readonly recordIds: readonly number[];
}

/** A cached answer: the UTF-8 JSON that the route's response schema
 * serialized, in the coding of its key, so that a hit is sent without
 * serializing or compressing it again. */
export interface CachedAnswer extends CodedBody {
  /** Other parties' records in it, for the access log. */
  readonly shown: readonly ShownRecords[];
}

interface Entry extends CachedAnswer {
  readonly expiresAt: number;
  readonly version: number | null;
}

/** Default life of an answer. SAT data arrives in batches, and an ingest
 * into SQLite ends every answer within a millisecond; ten seconds bounds
 * how late a PostgreSQL ingest, or the end of a responsibility interval,
 * shows. */
export const ANSWER_CACHE_TTL_MS = 10_000;

// Bounds the memory answers take: a 100-record page of the demo world is
// about 15 KB, a 500-record one up to a few hundred.
const MAX_BYTES = 64 * 1024 * 1024;

/** Answers by key; see the module comment for when they expire. */
export class AnswerCache {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  readonly #commits: CommitWatch;
  readonly #ttlMs: number;

  constructor(commits: CommitWatch, ttlMs: number) {
    this.#commits = commits;
    this.#ttlMs = ttlMs;
  }

  /** Whether answers are kept at all (a TTL of 0 turns the cache off). */
  get enabled(): boolean {
    return this.#ttlMs > 0;
  }

  /** The key of a caller's party, the answer's coding and the URL. */
  static key(partyId: string, coding: Coding, url: string): string {
    return `${partyId}\u0000${coding}\u0000${url}`;
  }

  /** A live answer, if any. */
  get(key: string, now: number): CachedAnswer | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now || entry.version !== this.#version()) {
      this.#delete(key);
      return undefined;
    }
    return entry;
  }

  /** Keeps an answer computed at `now`. */
  set(key: string, answer: CachedAnswer, now: number): void {
    if (!this.enabled || answer.body.length > MAX_BYTES / 8) return;
    this.#delete(key);
    this.#entries.set(key, {
      ...answer,
      expiresAt: now + this.#ttlMs,
      version: this.#version(),
    });
    this.#bytes += answer.body.length;
    if (this.#bytes > MAX_BYTES) this.#evict(now);
  }

  /** Drops expired entries, then the oldest until within budget. */
  #evict(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#delete(key);
    }
    for (const key of this.#entries.keys()) {
      if (this.#bytes <= MAX_BYTES) return;
      this.#delete(key);
    }
  }

  #delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#bytes -= entry.body.length;
    this.#entries.delete(key);
  }

  #version(): number | null {
    return this.#commits.version();
  }
}
