/**
 * `ingestPaths`: loads SAT input (DUIS XML files, folders, gzip, NDJSON)
 * and reference CSV files into the store (PRODUCT.md §6).
 *
 * The main thread reads the input in bounded chunks and cuts it into tasks;
 * parse workers read, digest and compress the messages; the main thread
 * writes the results in batched transactions. Every write is idempotent
 * (a content digest decides duplicates), so a run that stops halfway loses
 * nothing that running it again does not complete, and no step depends on
 * the order of messages (a response may come before its request).
 *
 * @example
 * const summary = await ingestPaths(store, ['sat/2024-04'], {
 *   batchSize: config.batchSize,
 *   maxBytes: config.maxMessageBytes,
 * });
 * summary.accepted; // records added
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';

import type { Store } from '../store/database.ts';
import { type InputFile, findInputFiles } from './input-files.ts';
import { readInputs } from './input-reader.ts';
import { startParsePool } from './parse-pool.ts';
import { RecordSink } from './record-sink.ts';
import {
  type ReferenceSummary,
  isReferenceFile,
  loadReferenceFiles,
} from './reference-loader.ts';
import {
  type WalCheckpointer,
  startWalCheckpointer,
} from './wal-checkpointer.ts';

/** How to ingest. */
export interface IngestOptions {
  /** Records per write transaction (config `batchSize`). */
  readonly batchSize: number;
  /** The largest message accepted (config `maxMessageBytes`). */
  readonly maxBytes: number;
  /** Parse worker threads; by default none for small inputs (a worker
   * takes a few hundred ms to start), else one per core. */
  readonly workers?: number;
  /** Called as input is read and written. */
  readonly onProgress?: (progress: IngestProgress) => void;
  /** Stops reading; what was read is still written. */
  readonly signal?: AbortSignal;
}

/** How far a run has got. */
export interface IngestProgress {
  /** Bytes read from disk so far (compressed bytes for gzip). */
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly messages: number;
}

/** What a run did. */
export interface IngestSummary {
  /** Records added to the store. */
  readonly accepted: number;
  /** Messages already stored (or already quarantined): nothing changed. */
  readonly duplicates: number;
  /** Messages newly put in the quarantine. */
  readonly quarantined: number;
  /** Messages that could not be read, whether new to the quarantine or
   * already there. */
  readonly refused: number;
  /** Messages seen: accepted + duplicates + quarantined. */
  readonly messages: number;
  /** SAT input files read (reference files not included). */
  readonly files: number;
  /** Files inside folders that are not SAT or reference input. */
  readonly skipped: readonly string[];
  readonly bytes: number;
  readonly seconds: number;
  readonly messagesPerSecond: number;
  readonly megabytesPerSecond: number;
  /** Parse worker threads used (0: parsed on the main thread). */
  readonly workers: number;
  /** True when the signal stopped the run before the input ended. */
  readonly interrupted: boolean;
  /** Reference CSV rows, counted as engineer D's loader counts them. */
  readonly references: ReferenceSummary;
}

/** Inputs below this size are parsed inline: starting workers would cost
 * more than they save. */
const INLINE_BELOW_BYTES = 4 * 1024 * 1024;
const TASK_BYTES = 256 * 1024;
/** Tasks queued per worker: enough to keep it busy while the main thread
 * writes a slice of a batch. */
const TASKS_PER_WORKER = 8;

/** Ingests files and folders; throws SV_INPUT_UNREADABLE (before writing
 * anything) when a path does not exist. */
export async function ingestPaths(
  store: Store,
  paths: readonly string[],
  options: IngestOptions,
): Promise<IngestSummary> {
  const started = performance.now();
  const input = await findInputFiles(paths, isReferenceFile);
  const referenceFiles = input.files.filter((f) => f.format === 'reference');
  const satFiles = input.files.filter((f) => f.format !== 'reference');
  const references = await loadReferences(store, referenceFiles);
  const sat = await ingestSatFiles(store, satFiles, options);
  const seconds = (performance.now() - started) / 1000;
  return {
    ...sat,
    files: satFiles.length,
    skipped: input.skipped,
    seconds,
    messagesPerSecond: rate(sat.messages, seconds),
    megabytesPerSecond: rate(sat.bytes / 1e6, seconds),
    references,
  };
}

type SatCounts = Pick<
  IngestSummary,
  | 'accepted'
  | 'duplicates'
  | 'quarantined'
  | 'refused'
  | 'messages'
  | 'bytes'
  | 'workers'
  | 'interrupted'
>;

async function loadReferences(
  store: Store,
  files: readonly InputFile[],
): Promise<ReferenceSummary> {
  if (files.length === 0) return { accepted: 0, duplicates: 0, quarantined: 0 };
  return loadReferenceFiles(
    store,
    files.map((file) => file.path),
  );
}

async function ingestSatFiles(
  store: Store,
  files: readonly InputFile[],
  options: IngestOptions,
): Promise<SatCounts> {
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const pool = await startParsePool({
    workers: options.workers ?? defaultWorkers(totalBytes),
    maxBytes: options.maxBytes,
  });
  let checkpointer: WalCheckpointer | null = null;
  const sink = new RecordSink(store, options.batchSize, () =>
    checkpointer?.afterCommit(),
  );
  try {
    // Only beside parse workers: with none, the input is small and the
    // thread would cost more than the checkpoints it takes off the writer.
    if (pool.workers > 0) checkpointer = startWalCheckpointer(store);
    const read = await feed(files, options, totalBytes, pool, sink);
    const written = await sink.close();
    return {
      ...written,
      bytes: read.bytes,
      workers: pool.workers,
      interrupted: read.interrupted,
    };
  } catch (error) {
    await sink.abandon();
    throw error;
  } finally {
    await pool.close();
    await checkpointer?.close();
  }
}

/** Reads the input into the pool, keeping a few tasks in flight: enough
 * to keep every worker busy, few enough that memory stays flat. */
async function feed(
  files: readonly InputFile[],
  options: IngestOptions,
  totalBytes: number,
  pool: Awaited<ReturnType<typeof startParsePool>>,
  sink: RecordSink,
): Promise<{ bytes: number; interrupted: boolean }> {
  const limit = Math.max(2, pool.workers * TASKS_PER_WORKER);
  const running = new Set<Promise<void>>();
  let bytes = 0;
  const report = () =>
    options.onProgress?.({
      bytesRead: bytes,
      totalBytes,
      messages: sink.messages,
    });
  const limits = { maxBytes: options.maxBytes, taskBytes: TASK_BYTES };
  for await (const unit of readInputs(files, limits)) {
    bytes += unit.bytesRead;
    if ('refused' in unit) {
      await sink.refuse(unit.refused);
    } else {
      track(
        running,
        pool
          .run(unit.task)
          .then((result) => sink.add(result))
          .then(report),
      );
      while (running.size >= limit) await Promise.race(running);
    }
    if (options.signal?.aborted === true) break;
  }
  await Promise.all(running);
  report();
  return { bytes, interrupted: options.signal?.aborted === true };
}

function track(running: Set<Promise<void>>, work: Promise<void>): void {
  const tracked: Promise<void> = work.finally(() => running.delete(tracked));
  // The error surfaces through Promise.race / Promise.all in feed().
  tracked.catch(() => undefined);
  running.add(tracked);
}

function defaultWorkers(totalBytes: number): number {
  if (totalBytes < INLINE_BELOW_BYTES) return 0;
  // One per core, though the main thread writes too: parsing is the larger
  // share of the work, and a worker left idle while the main thread is
  // busy costs more than the contention.
  return Math.max(1, availableParallelism());
}

function rate(amount: number, seconds: number): number {
  return seconds > 0 ? amount / seconds : 0;
}
