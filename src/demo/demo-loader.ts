/**
 * Loads a demo world straight into a store, without files, through the
 * ingest path's own parts: the reference CSVs go to the reference loader
 * as texts, and the SAT messages, as the NDJSON lines `--out` would write,
 * to the parse pool (DUIS reader, digest, compression; on a worker thread
 * when the world is big) and the record sink (batched transactions). The
 * store ends up as `satview ingest` of the `--out` folder leaves it; each
 * record's source names the file and line, under `demo/`.
 */
import { availableParallelism } from 'node:os';

import { type IngestTask } from '../ingest/ingest-task.ts';
import { type ParsePool, startParsePool } from '../ingest/parse-pool.ts';
import { RecordSink } from '../ingest/record-sink.ts';
import {
  loadReferenceTexts,
  type ReferenceSummary,
} from '../ingest/reference-loader.ts';
import type { Store } from '../store/database.ts';
import {
  CSV_HEADERS,
  marketLines,
  premisesLines,
  REFERENCE_FILES,
  type ReferenceFile,
} from './demo-csv.ts';
import {
  countRows,
  LINES_PER_FILE,
  ndjsonLine,
  satFileName,
  type WorldProgress,
  type WorldSummary,
} from './demo-files.ts';
import {
  type DemoWorld,
  generateWorld,
  worldParties,
  worldUsers,
} from './demo-world.ts';

/** Options of {@link loadWorld}. */
export interface LoadOptions {
  /** Records per write transaction (config `batchSize`). */
  readonly batchSize: number;
  /** The largest message accepted (config `maxMessageBytes`). */
  readonly maxBytes: number;
  /** Parse worker threads; default none below 500 premises (a worker
   * takes a few hundred ms to start), else one: the main thread is busy
   * generating and writing. */
  readonly workers?: number;
  readonly onProgress?: (progress: WorldProgress) => void;
}

/** What a direct load did. */
export interface LoadSummary extends WorldSummary {
  readonly accepted: number;
  readonly duplicates: number;
  /** Messages the reader refused (a bug in the world if ever non-zero). */
  readonly quarantined: number;
  readonly references: ReferenceSummary;
}

/** Generates the world and loads it into the store. */
export async function loadWorld(
  store: Store,
  world: DemoWorld,
  options: LoadOptions,
): Promise<LoadSummary> {
  const workers =
    options.workers ?? (world.premises < 500 ? 0 : workersToUse());
  const pool = await startParsePool({ workers, maxBytes: options.maxBytes });
  const sink = new RecordSink(store, options.batchSize);
  try {
    const feed = new NdjsonFeed(pool, sink);
    const csv = new CsvTexts();
    const totals = await generateInto(world, feed, csv, options);
    await feed.close();
    const written = await sink.close();
    const references = await loadReferenceTexts(store, csv.texts());
    return {
      ...totals,
      accepted: written.accepted,
      duplicates: written.duplicates,
      quarantined: written.quarantined,
      references,
      files: [],
    };
  } catch (error) {
    await sink.abandon();
    throw error;
  } finally {
    await pool.close();
  }
}

function workersToUse(): number {
  return Math.max(1, availableParallelism() - 1);
}

async function generateInto(
  world: DemoWorld,
  feed: NdjsonFeed,
  csv: CsvTexts,
  options: LoadOptions,
): Promise<Omit<WorldSummary, 'files'>> {
  const totals = {
    premises: 0,
    devices: 0,
    referenceRows: 0,
    records: 0,
    bytes: 0,
  };
  for (const part of generateWorld(world)) {
    csv.add(premisesLines(part.reference));
    for (const message of part.messages) {
      totals.records += 1;
      totals.bytes += message.xml.length;
      await feed.add(ndjsonLine(message));
    }
    totals.premises += 1;
    totals.devices += part.reference.devices.length;
    totals.referenceRows += countRows(part.reference);
    options.onProgress?.({ ...totals, totalPremises: world.premises });
  }
  return totals;
}

/** The reference files as texts, grown one premises at a time. */
class CsvTexts {
  readonly #chunks = new Map<ReferenceFile, string[]>();

  constructor() {
    const market = marketLines(worldParties(), worldUsers());
    for (const file of REFERENCE_FILES) {
      const first = CSV_HEADERS[file] + '\n';
      const rows = file === 'parties' || file === 'users' ? market[file] : '';
      this.#chunks.set(file, [first + rows]);
    }
  }

  add(lines: Partial<Record<ReferenceFile, string>>): void {
    for (const [file, text] of Object.entries(lines)) {
      if (text) this.#chunks.get(file as ReferenceFile)?.push(text);
    }
  }

  texts(): { name: string; text: string }[] {
    return REFERENCE_FILES.map((file) => ({
      name: `demo/${file}.csv`,
      text: (this.#chunks.get(file) ?? []).join(''),
    }));
  }
}

/** Task size and tasks in flight per worker, as the ingest path uses. */
const TASK_BYTES = 256 * 1024;
const TASKS_PER_WORKER = 3;

/**
 * Feeds NDJSON lines to the ingest path's parse pool in tasks of about
 * TASK_BYTES, numbered as the lines of the files `--out` would write, and
 * hands the results to the record sink, a few tasks in flight at a time.
 */
class NdjsonFeed {
  readonly #pool: ParsePool;
  readonly #sink: RecordSink;
  readonly #running = new Set<Promise<void>>();
  #file = 0;
  #lineInFile = 0;
  #firstLine = 1;
  #chunk: string[] = [];
  #chunkBytes = 0;

  constructor(pool: ParsePool, sink: RecordSink) {
    this.#pool = pool;
    this.#sink = sink;
  }

  async add(line: string): Promise<void> {
    if (this.#lineInFile === LINES_PER_FILE) {
      await this.flush();
      this.#file += 1;
      this.#lineInFile = 0;
    }
    if (this.#chunk.length === 0) this.#firstLine = this.#lineInFile + 1;
    this.#chunk.push(line);
    this.#chunkBytes += line.length;
    this.#lineInFile += 1;
    if (this.#chunkBytes >= TASK_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#chunk.length === 0) return;
    const task: IngestTask = {
      kind: 'ndjson',
      path: `demo/${satFileName(this.#file)}`,
      firstLine: this.#firstLine,
      mtime: 0,
      data: Buffer.from(this.#chunk.join('')),
    };
    this.#chunk = [];
    this.#chunkBytes = 0;
    const work = this.#pool.run(task).then((result) => this.#sink.add(result));
    const tracked: Promise<void> = work.finally(() =>
      this.#running.delete(tracked),
    );
    // A failure surfaces through Promise.race / Promise.all below.
    tracked.catch(() => undefined);
    this.#running.add(tracked);
    const limit = Math.max(2, this.#pool.workers * TASKS_PER_WORKER);
    while (this.#running.size >= limit) await Promise.race(this.#running);
  }

  async close(): Promise<void> {
    await this.flush();
    await Promise.all(this.#running);
  }
}
