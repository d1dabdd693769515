/**
 * Writes a demo world as input files: the reference CSVs of PRODUCT.md §6
 * and the SAT as NDJSON (`{"loggedAt": ISO, "xml": "..."}` a line), split
 * into files of `linesPerFile` lines, so that `satview ingest DIR` loads
 * exactly the world that `satview demo` loads directly. Everything is
 * written as it is generated, with back-pressure, so memory stays flat.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

import { SatviewError } from '../errors/satview-error.ts';
import { isoOf } from './demo-calendar.ts';
import {
  CSV_HEADERS,
  marketLines,
  premisesLines,
  REFERENCE_FILES,
  type ReferenceFile,
} from './demo-csv.ts';
import type { DemoMessage } from './demo-messages.ts';
import type { PremisesReference } from './demo-reference.ts';
import {
  type DemoWorld,
  generateWorld,
  worldParties,
  worldUsers,
} from './demo-world.ts';

/** Lines per NDJSON file unless told otherwise. */
export const LINES_PER_FILE = 100_000;

/** How far generation has got. */
export interface WorldProgress {
  readonly premises: number;
  readonly totalPremises: number;
  readonly records: number;
  readonly bytes: number;
}

/** What was generated. */
export interface WorldSummary {
  readonly premises: number;
  readonly devices: number;
  readonly referenceRows: number;
  readonly records: number;
  /** Bytes of SAT XML (NDJSON bytes when written to files). */
  readonly bytes: number;
  /** The files written, relative to the folder (none for a direct load). */
  readonly files: readonly string[];
}

/** Options of {@link writeWorldFiles}. */
export interface FileOptions {
  readonly linesPerFile?: number;
  readonly onProgress?: (progress: WorldProgress) => void;
}

/** The name of the n-th (0-based) NDJSON file. */
export function satFileName(index: number): string {
  return `sat-${String(index + 1).padStart(5, '0')}.ndjson`;
}

/** One NDJSON line of a message, with its newline. */
export function ndjsonLine(message: DemoMessage): string {
  return (
    JSON.stringify({ loggedAt: isoOf(message.at), xml: message.xml }) + '\n'
  );
}

/** Writes the world into `dir` (created; must be empty if it exists). */
export async function writeWorldFiles(
  world: DemoWorld,
  dir: string,
  options: FileOptions = {},
): Promise<WorldSummary> {
  await prepareFolder(dir);
  const csv = await openCsvFiles(dir);
  const sat = new SatFiles(dir, options.linesPerFile ?? LINES_PER_FILE);
  const totals = {
    premises: 0,
    devices: 0,
    referenceRows: 0,
    records: 0,
    bytes: 0,
  };
  for (const part of generateWorld(world)) {
    const lines = premisesLines(part.reference);
    for (const [file, text] of Object.entries(lines)) {
      await write(csv[file as ReferenceFile], text);
    }
    for (const message of part.messages) await sat.add(ndjsonLine(message));
    totals.premises += 1;
    totals.devices += part.reference.devices.length;
    totals.referenceRows += countRows(part.reference);
    totals.records += part.messages.length;
    totals.bytes = sat.bytes;
    options.onProgress?.({ ...totals, totalPremises: world.premises });
  }
  await Promise.all(Object.values(csv).map(close));
  const files = await sat.close();
  return {
    ...totals,
    files: [...REFERENCE_FILES.map((f) => `${f}.csv`), ...files],
  };
}

/** Rows a premises adds to the reference files. */
export function countRows(reference: PremisesReference): number {
  return (
    reference.devices.length +
    reference.meterPoints.length +
    reference.hanLinks.length +
    reference.registrations.length +
    reference.credentials.length
  );
}

async function prepareFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  if (entries.length > 0) {
    throw new SatviewError(
      'usage',
      `The output folder ${dir} is not empty; give a new or empty folder ` +
        'so that no earlier file mixes into the world.',
      { dir },
    );
  }
}

async function openCsvFiles(
  dir: string,
): Promise<Record<ReferenceFile, WriteStream>> {
  const market = marketLines(worldParties(), worldUsers());
  const streams = {} as Record<ReferenceFile, WriteStream>;
  for (const file of REFERENCE_FILES) {
    const stream = createWriteStream(join(dir, `${file}.csv`));
    streams[file] = stream;
    await write(stream, CSV_HEADERS[file] + '\n');
    if (file === 'parties' || file === 'users')
      await write(stream, market[file]);
  }
  return streams;
}

/** Writes, waiting for the stream to drain when its buffer is full. */
async function write(stream: WriteStream, text: string): Promise<void> {
  if (text !== '' && !stream.write(text)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

/** The NDJSON files: a new one every `linesPerFile` lines. */
class SatFiles {
  bytes = 0;
  readonly #dir: string;
  readonly #linesPerFile: number;
  readonly #names: string[] = [];
  #stream: WriteStream | null = null;
  #lines = 0;

  constructor(dir: string, linesPerFile: number) {
    this.#dir = dir;
    this.#linesPerFile = linesPerFile;
  }

  async add(line: string): Promise<void> {
    if (this.#stream === null || this.#lines === this.#linesPerFile) {
      await this.rotate();
    }
    this.#lines += 1;
    this.bytes += Buffer.byteLength(line);
    await write(this.#stream as WriteStream, line);
  }

  async rotate(): Promise<void> {
    if (this.#stream !== null) await close(this.#stream);
    const name = satFileName(this.#names.length);
    this.#names.push(name);
    this.#stream = createWriteStream(join(this.#dir, name));
    this.#lines = 0;
  }

  async close(): Promise<string[]> {
    if (this.#stream !== null) await close(this.#stream);
    return this.#names;
  }
}
