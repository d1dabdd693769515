/**
 * Collects parse results and writes them in batches of `batchSize`
 * records, one transaction each, one batch after another. Quarantine
 * entries are written with the batch they arrived with.
 */
import type { Store } from '../store/database.ts';
import { type QuarantineInput, quarantine } from '../store/quarantine-store.ts';
import {
  type EncodedRecord,
  writeEncodedRecords,
} from '../store/sat-record-writer.ts';
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

/** Batches records and refusals into the store. */
export class RecordSink {
  /** Messages handed to the sink so far. */
  messages = 0;
  private accepted = 0;
  private quarantined = 0;
  private refused = 0;
  private records: EncodedRecord[] = [];
  private refusals: QuarantineInput[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly batchSize: number,
  ) {}

  /** Takes a task's results; the promise settles when any batch they
   * completed is written (callers wait on it to bound memory). */
  add(result: TaskResult): Promise<void> {
    this.messages += result.messages;
    for (const record of recordsOf(result)) this.records.push(record);
    for (const entry of result.refused) this.refusals.push(entry);
    this.refused += result.refused.length;
    return this.flushFull();
  }

  /** Takes input refused before parsing (e.g. an over-long line). */
  refuse(entry: QuarantineInput): Promise<void> {
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
    return this.writing;
  }

  // Batches are written strictly one after another; a failed batch fails
  // every later one, so the run stops at the first error.
  private enqueue(records: EncodedRecord[], refusals: QuarantineInput[]): void {
    if (records.length === 0 && refusals.length === 0) return;
    this.writing = this.writing.then(async () => {
      const written = await writeEncodedRecords(this.store, records, {
        yieldEvery: YIELD_EVERY,
      });
      this.accepted += written.accepted;
      this.quarantined += await quarantine(this.store, refusals);
    });
  }
}
