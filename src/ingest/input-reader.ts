/**
 * Reads SAT input files and cuts them into parse tasks, with bounded
 * buffers so that memory stays flat whatever the input size: NDJSON (plain
 * or gzip) is read in chunks and cut at line ends; whole XML documents are
 * read one at a time and grouped a few hundred KB to a task. What cannot be
 * read at all (an over-long line, an oversized document, a corrupt gzip)
 * becomes a quarantine entry here, before any parsing.
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

import { ErrorCodes } from '../errors/satview-error.ts';
import type { QuarantineInput } from '../store/quarantine-store.ts';
import type { InputFile } from './input-files.ts';
import {
  type IngestTask,
  taskBuffer,
  type XmlDocument,
} from './ingest-task.ts';
import { QUARANTINE_HEAD_CHARS } from './message-decoder.ts';

/** Something the reader produced, with the raw bytes read since the last
 * unit (for progress). */
export type InputUnit =
  | { readonly task: IngestTask; readonly bytesRead: number }
  | { readonly refused: QuarantineInput; readonly bytesRead: number };

/** Limits that keep the reader's memory bounded. */
export interface ReaderLimits {
  /** The largest message, in bytes (config `maxMessageBytes`). */
  readonly maxBytes: number;
  /** Aim for tasks of about this many bytes. */
  readonly taskBytes: number;
}

const NEWLINE = 0x0a;
const HEAD_BYTES = QUARANTINE_HEAD_CHARS;

/** Reads the files in order, yielding tasks and refusals. */
export async function* readInputs(
  files: readonly InputFile[],
  limits: ReaderLimits,
): AsyncGenerator<InputUnit> {
  const group = new DocumentGroup(limits.taskBytes);
  for (const file of files) {
    try {
      for await (const unit of readFile1(file, limits)) {
        if ('document' in unit) {
          const full = group.add(unit.document, unit.bytesRead);
          if (full !== null) yield full;
        } else {
          const pending = group.take();
          if (pending !== null) yield pending;
          yield unit;
        }
      }
    } catch (error) {
      yield { refused: unreadableFile(file, error), bytesRead: 0 };
    }
  }
  const rest = group.take();
  if (rest !== null) yield rest;
}

type FileUnit = InputUnit | { document: XmlDocument; bytesRead: number };

async function* readFile1(
  file: InputFile,
  limits: ReaderLimits,
): AsyncGenerator<FileUnit> {
  if (file.format === 'xml') {
    yield await readXmlFile(file, limits.maxBytes);
    return;
  }
  if (file.format === 'ndjson') {
    yield* ndjsonUnits(fileStream(file.path), file, limits);
    return;
  }
  const stream =
    file.format === 'gzip'
      ? gunzipStream(file.path)
      : { data: fileStream(file.path), counted: null };
  yield* sniffedUnits(stream.data, file, limits, stream.counted);
}

/** Whole XML documents gathered into one task. */
class DocumentGroup {
  private documents: XmlDocument[] = [];
  private size = 0;
  private bytesRead = 0;

  constructor(private readonly taskBytes: number) {}

  add(document: XmlDocument, bytesRead: number): InputUnit | null {
    this.documents.push(document);
    this.size += document.data.byteLength;
    this.bytesRead += bytesRead;
    return this.size >= this.taskBytes ? this.take() : null;
  }

  take(): InputUnit | null {
    if (this.documents.length === 0) return null;
    const unit = {
      task: { kind: 'xml' as const, documents: this.documents },
      bytesRead: this.bytesRead,
    };
    this.documents = [];
    this.size = 0;
    this.bytesRead = 0;
    return unit;
  }
}

async function readXmlFile(
  file: InputFile,
  maxBytes: number,
): Promise<FileUnit> {
  if (file.size > maxBytes) {
    const head = await readHead(file.path);
    return {
      refused: tooLarge(file.path, file.size, maxBytes, head),
      bytesRead: file.size,
    };
  }
  const data = await readFile(file.path);
  return {
    document: { source: file.path, mtime: file.mtime, data },
    bytesRead: data.byteLength,
  };
}

async function readHead(path: string): Promise<string> {
  const handle = await open(path);
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

function fileStream(path: string): Readable {
  return createReadStream(path, { highWaterMark: 256 * 1024 });
}

/** A gunzip stream, and a counter of the compressed bytes it has read. */
function gunzipStream(path: string): {
  data: Readable;
  counted: { bytes: number };
} {
  const raw = fileStream(path);
  const gunzip = createGunzip({ chunkSize: 128 * 1024 });
  const counted = { bytes: 0 };
  raw.on('data', (chunk: Buffer) => (counted.bytes += chunk.length));
  raw.on('error', (error) => gunzip.destroy(error));
  raw.pipe(gunzip);
  return { data: gunzip, counted };
}

// A gzip (or an oddly named file) holds either NDJSON or one XML document:
// the first character that is not white space tells which.
async function* sniffedUnits(
  stream: Readable,
  file: InputFile,
  limits: ReaderLimits,
  counted: { bytes: number } | null,
): AsyncGenerator<FileUnit> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await chunks.next();
  if (first.done === true) return;
  const replay = prepend(first.value, chunks);
  if (firstSignificantByte(first.value) === 0x7b /* { */) {
    yield* ndjsonUnits(replay, file, limits, counted);
  } else {
    yield await wholeDocument(replay, file, limits.maxBytes, counted);
  }
}

async function* prepend(
  first: Buffer,
  rest: AsyncIterator<Buffer>,
): AsyncGenerator<Buffer> {
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done === true) return;
    yield next.value;
  }
}

function firstSignificantByte(chunk: Buffer): number | undefined {
  for (const byte of chunk) {
    // Skip white space and a UTF-8 byte order mark.
    if (![0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf].includes(byte)) {
      return byte;
    }
  }
  return undefined;
}

async function wholeDocument(
  chunks: AsyncIterable<Buffer>,
  file: InputFile,
  maxBytes: number,
  counted: { bytes: number } | null,
): Promise<FileUnit> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    size += chunk.length;
    if (size > maxBytes) {
      const head = Buffer.concat(parts).subarray(0, HEAD_BYTES);
      return {
        refused: tooLarge(file.path, null, maxBytes, head.toString('utf8')),
        bytesRead: file.size,
      };
    }
  }
  const data = taskBuffer(parts);
  return {
    document: { source: file.path, mtime: file.mtime, data },
    bytesRead: counted?.bytes ?? size,
  };
}

/** Cuts a byte stream of NDJSON into tasks of complete lines. */
async function* ndjsonUnits(
  chunks: AsyncIterable<Buffer>,
  file: InputFile,
  limits: ReaderLimits,
  counted: { bytes: number } | null = null,
): AsyncGenerator<InputUnit> {
  const cutter = new LineCutter(file, limits);
  let reported = 0;
  const progress = (raw: number) => {
    const total = counted?.bytes ?? raw;
    const delta = total - reported;
    reported = total;
    return delta;
  };
  let raw = 0;
  for await (const chunk of chunks) {
    raw += chunk.length;
    for (const unit of cutter.push(chunk)) {
      yield { ...unit, bytesRead: progress(raw) };
    }
  }
  for (const unit of cutter.end()) yield { ...unit, bytesRead: progress(raw) };
}

type Cut = { task: IngestTask } | { refused: QuarantineInput };

/**
 * Keeps at most one task's worth of bytes (or one line up to the longest
 * allowed) and hands out complete lines. A line longer than any message
 * could be is not buffered: its head is kept for the quarantine and the
 * rest skipped up to the next newline.
 */
class LineCutter {
  private parts: Buffer[] = [];
  private size = 0;
  private line = 1;
  private skipping: { head: string; line: number } | null = null;
  private readonly maxLineBytes: number;

  constructor(
    private readonly file: InputFile,
    private readonly limits: ReaderLimits,
  ) {
    // JSON escaping can double a message (every `"` becomes `\"`).
    this.maxLineBytes = 2 * limits.maxBytes + 4096;
  }

  *push(chunk: Buffer): Generator<Cut> {
    if (this.skipping !== null) {
      const end = chunk.indexOf(NEWLINE);
      if (end === -1) return;
      yield this.skipped();
      chunk = chunk.subarray(end + 1);
    }
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= this.limits.taskBytes) yield* this.cut();
  }

  *end(): Generator<Cut> {
    if (this.skipping !== null) yield this.skipped();
    if (this.size > 0) yield this.task(taskBuffer(this.parts));
    this.parts = [];
    this.size = 0;
  }

  private *cut(): Generator<Cut> {
    const data = taskBuffer(this.parts);
    this.parts = [];
    this.size = 0;
    const last = data.lastIndexOf(NEWLINE);
    if (last === -1) {
      this.keepOrSkip(data);
      return;
    }
    // The rest is copied out before the task leaves: a worker takes the
    // task's memory, and with it every view of `data`.
    const task = this.task(data.subarray(0, last + 1));
    const rest = data.subarray(last + 1);
    if (rest.length > 0) this.keepOrSkip(Buffer.from(rest));
    yield task;
  }

  private keepOrSkip(partial: Buffer): void {
    if (partial.length <= this.maxLineBytes) {
      this.parts.push(partial);
      this.size = partial.length;
      return;
    }
    const head = partial.subarray(0, HEAD_BYTES).toString('utf8');
    this.skipping = { head, line: this.line };
  }

  private skipped(): Cut {
    const { head, line } = this.skipping as { head: string; line: number };
    this.skipping = null;
    this.line += 1;
    return {
      refused: {
        source: `${this.file.path}:${line}`,
        code: ErrorCodes.duisTooLarge.code,
        reason:
          `The line is longer than ${this.maxLineBytes} bytes, so its ` +
          `message exceeds the ${this.limits.maxBytes}-byte limit ` +
          '(SATVIEW_MAX_MESSAGE_BYTES)',
        content: head,
      },
    };
  }

  private task(data: Buffer): Cut {
    const firstLine = this.line;
    this.line += countNewlines(data);
    return {
      task: {
        kind: 'ndjson',
        path: this.file.path,
        firstLine,
        mtime: this.file.mtime,
        data,
      },
    };
  }
}

function countNewlines(data: Buffer): number {
  let count = 0;
  for (
    let i = data.indexOf(NEWLINE);
    i !== -1;
    i = data.indexOf(NEWLINE, i + 1)
  ) {
    count += 1;
  }
  return count;
}

function tooLarge(
  path: string,
  size: number | null,
  maxBytes: number,
  head: string,
): QuarantineInput {
  const what = size === null ? '' : ` ${size} bytes,`;
  return {
    source: path,
    code: ErrorCodes.duisTooLarge.code,
    reason:
      `The document is${what} over the ${maxBytes}-byte limit ` +
      '(SATVIEW_MAX_MESSAGE_BYTES)',
    content: head,
  };
}

function unreadableFile(file: InputFile, error: unknown): QuarantineInput {
  const why = error instanceof Error ? error.message : String(error);
  return {
    source: file.path,
    code: ErrorCodes.inputUnreadable.code,
    reason: `The file could not be read to the end: ${why}`,
    content: `${file.path} (${file.size} bytes): ${why}`,
  };
}
