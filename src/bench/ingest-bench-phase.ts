/**
 * One measured phase of `satview bench ingest`, run in a child process of
 * its own so that its peak RSS is its own: parse-only (the baseline) or a
 * full ingest into one store. Prints one JSON line with the figures.
 *
 * Usage: node --import tsx ingest-bench-phase.ts '<PhaseSpec as JSON>'
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

import { parseDatabaseTarget } from '../config/config.ts';
import { readDuisMessage } from '../duis/duis-reader.ts';
import { ingestPaths } from '../ingest/ingest-pipeline.ts';
import { openStore } from '../store/database.ts';

/** What the child is asked to measure. */
export interface PhaseSpec {
  readonly phase: 'parse' | 'ingest';
  /** The NDJSON input. */
  readonly file: string;
  /** Ingest only: a SQLite path or a postgres:// URL. */
  readonly database?: string;
  readonly workers?: number;
  readonly batchSize: number;
  readonly maxBytes: number;
  /** SQLite only: cap the page cache (MiB), so that what grows with the
   * input is not hidden by the store's 256 MiB cache filling up. */
  readonly sqliteCacheMb?: number;
}

/** What the child measured. */
export interface PhaseResult {
  readonly messages: number;
  readonly accepted: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly workers: number;
  /** Peak resident set size of the child, in MB. */
  readonly peakRssMb: number;
}

/** Parses every message of the file with readDuisMessage, nothing more:
 * the rate the full ingest is compared with. */
async function parseOnly(spec: PhaseSpec): Promise<PhaseResult> {
  const started = performance.now();
  const lines = createInterface({
    input: createReadStream(spec.file, { highWaterMark: 256 * 1024 }),
    crlfDelay: Infinity,
  });
  let messages = 0;
  for await (const line of lines) {
    if (line === '') continue;
    const { xml } = JSON.parse(line) as { xml: string };
    readDuisMessage(xml, { maxBytes: spec.maxBytes });
    messages += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const { size } = await stat(spec.file);
  return result(messages, messages, size, seconds, 0);
}

async function ingest(spec: PhaseSpec): Promise<PhaseResult> {
  const store = await openStore(parseDatabaseTarget(spec.database ?? ''));
  if (store.sqlite !== null && spec.sqliteCacheMb !== undefined) {
    store.sqlite.pragma(`cache_size = -${spec.sqliteCacheMb * 1024}`);
  }
  try {
    const summary = await ingestPaths(store, [spec.file], {
      batchSize: spec.batchSize,
      maxBytes: spec.maxBytes,
      workers: spec.workers,
    });
    return result(
      summary.messages,
      summary.accepted,
      summary.bytes,
      summary.seconds,
      summary.workers,
    );
  } finally {
    await store.close();
  }
}

function result(
  messages: number,
  accepted: number,
  bytes: number,
  seconds: number,
  workers: number,
): PhaseResult {
  // maxRSS is in kilobytes.
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  return { messages, accepted, bytes, seconds, workers, peakRssMb };
}

const spec = JSON.parse(process.argv[2] ?? '{}') as PhaseSpec;
const measured =
  spec.phase === 'parse' ? await parseOnly(spec) : await ingest(spec);
console.log(JSON.stringify(measured));
