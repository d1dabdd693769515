/**
 * Collects parse results and writes them in transactions of `batchSize`
 * records, one after another. Quarantine entries are written after the
 * batch they arrived with, in a transaction of their own.
 *
 * On SQLite the records go into the open transaction as they arrive, a
 * slice at a time, and it is committed once a batch's worth is in. When
 * the input ends only the commit of the last batch is left, not all of
 * its inserts: those had cost the main thread about a third of a second
 * at the end of every 100,000-message run, with the parse workers done
 * and one core idle. On PostgreSQL each batch is one COPY, written while
 * the next fills.
 */
import type { Store } from '../store/database.ts';
import { type QuarantineInput, quarantine } from '../store/quarantine-store.ts';
import type { EncodedRecord } from '../store/record-encoding.ts';
import {
  SqliteRecordBatch,
  writeEncodedRecords,
} from '../store/sat-record-writer.ts';
import { type TaskResult, recordsOf } from './ingest-task.ts';

// SQLite rows inserted between turns of the event loop (about 7 ms), so
// that finished parse tasks are collected and new ones handed out while
// the sink writes.
const SLICE = 500;

/** What the sink wrote, in messages. */
export interface SinkCounts {
  readonly messages: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly quarantined: number;
  readonly refused: number;
}

/**
 * Batches records and refusals into the store. Callers wait only while
 * two batches' worth of records wait to be written, so memory stays
 * bounded without stalling the parse workers.
 *
 * A sink owns its store's connection until it is closed or abandoned: on
 * SQLite a transaction stays open between calls, and anything else
 * written on the connection meanwhile would join it.
 */
export class RecordSink {
  /** Messages handed to the sink so far. */
  messages = 0;
  private accepted = 0;
  private quarantined = 0;
  private refused = 0;
  /** Records not yet written (on SQLite: not yet inserted). */
  private records: EncodedRecord[] = [];
  private refusals: QuarantineInput[] = [];
  private readonly batch: SqliteRecordBatch | null;
  /** The write loop while it runs. */
  private writing: Promise<void> | null = null;
  private closing = false;
  private failure: Error | null = null;

  /** `afterCommit` is called after each batch is written (the ingest
   * hands the store's log to its checkpointer then). */
  constructor(
    private readonly store: Store,
    private readonly batchSize: number,
    private readonly afterCommit?: () => void,
  ) {
    this.batch =
      store.sqlite === null ? null : new SqliteRecordBatch(store.sqlite);
  }

  /** Takes a task's results. The promise settles when there is room for
   * more (at once, unless two batches wait), and rejects once a write has
   * failed. */
  add(result: TaskResult): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    this.messages += result.messages;
    for (const record of recordsOf(result)) this.records.push(record);
    for (const entry of result.refused) this.refusals.push(entry);
    this.refused += result.refused.length;
    return this.room();
  }

  /** Takes input refused before parsing (e.g. an over-long line). */
  refuse(entry: QuarantineInput): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    this.messages += 1;
    this.refused += 1;
    this.refusals.push(entry);
    return this.room();
  }

  /** Writes what is left; answers the counts of the whole run. */
  async close(): Promise<SinkCounts> {
    this.closing = true;
    await this.written();
    return {
      messages: this.messages,
      accepted: this.accepted,
      duplicates: this.messages - this.accepted - this.quarantined,
      quarantined: this.quarantined,
      refused: this.refused,
    };
  }

  /** Gives up after an error elsewhere: undoes the batch not yet
   * committed (batches committed before stay) and lets go of the
   * connection. Never throws. */
  async abandon(): Promise<void> {
    this.failure ??= new Error('The ingest was abandoned');
    this.records = [];
    this.refusals = [];
    // The write loop catches its own errors: this never rejects.
    await this.writing;
    this.batch?.rollback();
  }

  private room(): Promise<void> {
    this.startWriting();
    const full = this.records.length >= 2 * this.batchSize;
    return full ? this.written() : Promise.resolve();
  }

  /** Settles when nothing waits to be written; rejects once a write has
   * failed. */
  private async written(): Promise<void> {
    this.startWriting();
    while (this.writing !== null) await this.writing;
    if (this.failure !== null) throw this.failure;
  }

  private startWriting(): void {
    if (this.writing !== null || this.failure !== null) return;
    if (!this.hasWork()) return;
    this.writing = this.writeAll()
      .catch((error: Error) => {
        this.failure ??= error;
        this.batch?.rollback();
      })
      .finally(() => (this.writing = null));
  }

  private async writeAll(): Promise<void> {
    while (this.failure === null && this.hasWork()) {
      if (this.batch !== null) await this.writeSqliteSlice(this.batch);
      else await this.writeBatch();
    }
  }

  private hasWork(): boolean {
    const waiting = this.records.length;
    const pending = this.refusals.length > 0 || (this.batch?.size ?? 0) > 0;
    if (this.closing) return waiting > 0 || pending;
    if (this.refusals.length >= this.batchSize) return true;
    return this.batch !== null ? waiting > 0 : waiting >= this.batchSize;
  }

  private async writeSqliteSlice(batch: SqliteRecordBatch): Promise<void> {
    // Never past the end of a batch: a batch is exactly batchSize records.
    const room = Math.min(SLICE, this.batchSize - batch.size);
    const slice = this.records.splice(0, room);
    if (slice.length > 0) this.accepted += batch.insert(slice);
    const lastSlice = this.closing && this.records.length === 0;
    if (
      batch.size >= this.batchSize ||
      this.refusals.length >= this.batchSize ||
      lastSlice
    ) {
      batch.commit();
      await this.committed();
    }
    if (!lastSlice) await new Promise((resolve) => setImmediate(resolve));
  }

  private async writeBatch(): Promise<void> {
    const records = this.records.splice(0, this.batchSize);
    const written = await writeEncodedRecords(this.store, records);
    this.accepted += written.accepted;
    await this.committed();
  }

  /** After a batch of records is committed: its refusals, then the hook. */
  private async committed(): Promise<void> {
    const refusals = this.refusals.splice(0);
    this.quarantined += await quarantine(this.store, refusals);
    this.afterCommit?.();
  }
}
