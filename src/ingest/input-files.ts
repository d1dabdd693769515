/**
 * Expands the paths given to `satview ingest` into the files to read:
 * folders recursively (in name order, so runs are repeatable), each file
 * sorted by what it holds. Every path is checked before anything is read,
 * so a typo stops the run before it has written anything.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { SatviewError } from '../errors/satview-error.ts';

/** How a file is read. */
export type InputFormat = 'xml' | 'ndjson' | 'gzip' | 'reference' | 'sniff';

/** A file to ingest. */
export interface InputFile {
  readonly path: string;
  readonly format: InputFormat;
  readonly size: number;
  /** Modification time, epoch ms: dates a request with no other time. */
  readonly mtime: number;
}

/** The files found, and those a folder held that are not SAT input. */
export interface InputSet {
  readonly files: readonly InputFile[];
  /** Files inside folders that were left alone (e.g. README.md). */
  readonly skipped: readonly string[];
}

/** Decides whether a CSV file is reference data (engineer D's rule). */
export type ReferenceTest = (fileName: string) => boolean;

const BY_EXTENSION: ReadonlyArray<[RegExp, InputFormat]> = [
  [/\.xml$/i, 'xml'],
  [/\.(ndjson|jsonl)$/i, 'ndjson'],
  [/\.gz$/i, 'gzip'],
];

/** Finds the files under `paths`; throws SV_INPUT_UNREADABLE for a path
 * that does not exist, naming every such path. */
export async function findInputFiles(
  paths: readonly string[],
  isReference: ReferenceTest,
): Promise<InputSet> {
  const stats = await Promise.all(paths.map((path) => statOrNull(path)));
  const missing = paths.filter((_, i) => stats[i] === null);
  if (missing.length > 0) {
    throw new SatviewError(
      'inputUnreadable',
      `No such file or folder: ${missing.join(', ')}. Nothing was ingested.`,
      { missing },
    );
  }
  const walk: Walk = { isReference, found: [], skipped: [], seen: new Set() };
  for (const path of paths) await collect(path, true, walk);
  return { files: walk.found, skipped: walk.skipped };
}

/** What a walk over the paths has found so far. */
interface Walk {
  readonly isReference: ReferenceTest;
  readonly found: InputFile[];
  readonly skipped: string[];
  /** Folders entered (device:inode), so a symbolic link that loops back
   * is not followed for ever. */
  readonly seen: Set<string>;
}

async function collect(path: string, named: boolean, walk: Walk) {
  const info = await stat(path);
  if (info.isDirectory()) {
    const key = `${info.dev}:${info.ino}`;
    if (walk.seen.has(key)) return;
    walk.seen.add(key);
    const entries = (await readdir(path)).sort();
    for (const entry of entries) await collect(join(path, entry), false, walk);
    return;
  }
  const format = formatOf(path, named, walk.isReference);
  if (format === null) {
    walk.skipped.push(path);
    return;
  }
  // Whole milliseconds: times are integer columns on both backends.
  walk.found.push({
    path,
    format,
    size: info.size,
    mtime: Math.floor(info.mtimeMs),
  });
}

// A file named on the command line is read whatever its name (its content
// decides); inside a folder only recognised names are, so that a README
// or a licence beside the data is not quarantined as a broken message.
function formatOf(
  path: string,
  named: boolean,
  isReference: ReferenceTest,
): InputFormat | null {
  const name = basename(path);
  if (name.startsWith('.')) return named ? 'sniff' : null;
  if (/\.csv$/i.test(name)) {
    if (isReference(name)) return 'reference';
    return named ? 'sniff' : null;
  }
  for (const [pattern, format] of BY_EXTENSION) {
    if (pattern.test(name)) return format;
  }
  return named ? 'sniff' : null;
}

async function statOrNull(path: string) {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}
