/**
 * Collects parse results and writes them in batches of `batchSize`
 * records, one transaction each, one batch after another. Quarantine
 * entries are written with the batch they arrived with.
 */
import type { Store } from '../store/database.ts';
import { type QuarantineInput, quarantine } from '../store/quarantine-store.ts';
import type { EncodedRecord } from '../store/record-encoding.ts';
import { writeEncodedRecords } from '../store/sat-record-writer.ts';
import { type TaskResult, recordsOf } from './ingest-task.ts';

// Rows inserted between turns of the event loop while a SQLite batch is
// written (about 10 ms), so that finished parse tasks are collected and
// new ones handed out, and the workers never wait for a long batch.
const YIELD_EVERY = 500;

/** What the sink wrote, in messages. */
export interface SinkCounts {
  readonly messages: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly quarantined: number;
  readonly refused: number;
}

/**
 * Batches records and refusals into the store. One batch is written while
 * the next fills; only when a second full batch waits do callers wait too,
 * so memory stays bounded without stalling the parse workers.
 */
export class RecordSink {
  /** Messages handed to the sink so far. */
  messages = 0;
  private accepted = 0;
  private quarantined = 0;
  private refused = 0;
  private records: EncodedRecord[] = [];
  private refusals: QuarantineInput[] = [];
  /** Settles when every enqueued batch is written. */
  private writing: Promise<void> = Promise.resolve();
  /** Settles when every batch but the newest is written. */
  private room: Promise<void> = Promise.resolve();
  private batchesQueued = 0;
  private failure: Error | null = null;

  /** `afterCommit` is called after each batch is written (the ingest
   * hands the store's log to its checkpointer then). */
  constructor(
    private readonly store: Store,
    private readonly batchSize: number,
    private readonly afterCommit?: () => void,
  ) {}

  /** Takes a task's results. The promise settles when there is room for
   * more (at once, unless two batches wait), and rejects once a write has
   * failed. */
  add(result: TaskResult): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    this.messages += result.messages;
    for (const record of recordsOf(result)) this.records.push(record);
    for (const entry of result.refused) this.refusals.push(entry);
    this.refused += result.refused.length;
    return this.flushFull();
  }

  /** Takes input refused before parsing (e.g. an over-long line). */
  refuse(entry: QuarantineInput): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    this.messages += 1;
    this.refused += 1;
    this.refusals.push(entry);
    return this.flushFull();
  }

  /** Writes what is left; answers the counts of the whole run. */
  async close(): Promise<SinkCounts> {
    this.enqueue(this.records.splice(0), this.refusals.splice(0));
    await this.writing;
    return {
      messages: this.messages,
      accepted: this.accepted,
      duplicates: this.messages - this.accepted - this.quarantined,
      quarantined: this.quarantined,
      refused: this.refused,
    };
  }

  private flushFull(): Promise<void> {
    while (
      this.records.length >= this.batchSize ||
      this.refusals.length >= this.batchSize
    ) {
      this.enqueue(
        this.records.splice(0, this.batchSize),
        this.refusals.splice(0),
      );
    }
    return this.batchesQueued > 1 ? this.room : Promise.resolve();
  }

  // Batches are written strictly one after another; a failed batch fails
  // every later one, so the run stops at the first error.
  private enqueue(records: EncodedRecord[], refusals: QuarantineInput[]): void {
    if (records.length === 0 && refusals.length === 0) return;
    this.batchesQueued += 1;
    this.room = this.writing;
    this.writing = this.writing
      .then(() => this.write(records, refusals))
      .finally(() => (this.batchesQueued -= 1));
    // Noted here, so a failure nobody awaits yet is not an unhandled
    // rejection; add() and close() report it.
    this.writing.catch((error: Error) => (this.failure ??= error));
  }

  private async write(
    records: EncodedRecord[],
    refusals: QuarantineInput[],
  ): Promise<void> {
    const written = await writeEncodedRecords(this.store, records, {
      yieldEvery: YIELD_EVERY,
    });
    this.accepted += written.accepted;
    this.quarantined += await quarantine(this.store, refusals);
    this.afterCommit?.();
  }
}
