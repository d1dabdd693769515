/**
 * A unit of parse work: a run of complete NDJSON lines, or a few whole XML
 * documents. The main thread cuts the input into tasks; a parse worker (or
 * the main thread itself, for small inputs) turns each into encoded records
 * and quarantine entries. Tasks and results cross the worker boundary, so
 * they hold only plain data.
 */
import { ErrorCodes } from '../errors/satview-error.ts';
import type { QuarantineInput } from '../store/quarantine-store.ts';
import type { EncodedRecord, RecordValues } from '../store/record-encoding.ts';
import { parseIsoTime } from './iso-time.ts';
import {
  type MessageReader,
  QUARANTINE_HEAD_CHARS,
  decodeMessage,
} from './message-decoder.ts';

/**
 * The ArrayBuffers that belong to one task alone, so that sending the
 * task to a worker can move them instead of copying them (the copy was
 * about 1.2 % of an ingest's CPU in a profile, its fresh memory more).
 * Only buffers made by taskBuffer are here: a Buffer from anywhere else
 * may share its memory (Node's pool of small Buffers does), and moving
 * it would empty every other view of it.
 */
const movable = new WeakSet<ArrayBuffer>();

/** The bytes of `parts`, end to end, in memory of the task's own. */
export function taskBuffer(parts: readonly Uint8Array[]): Buffer {
  const size = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const buffer = Buffer.allocUnsafeSlow(size);
  let offset = 0;
  for (const part of parts) {
    buffer.set(part, offset);
    offset += part.byteLength;
  }
  movable.add(buffer.buffer as ArrayBuffer);
  return buffer;
}

/** The buffers a worker may take from the task (see taskBuffer); after
 * the move they are empty here. */
export function movableBuffers(task: IngestTask): ArrayBuffer[] {
  const views =
    task.kind === 'ndjson'
      ? [task.data]
      : task.documents.map((document) => document.data);
  const buffers = new Set<ArrayBuffer>();
  for (const view of views) {
    const buffer = view.buffer as ArrayBuffer;
    if (movable.has(buffer) && buffer.byteLength > 0) buffers.add(buffer);
  }
  return [...buffers];
}

/** One whole XML document read from a file (plain or gzip). */
export interface XmlDocument {
  readonly source: string;
  readonly mtime: number;
  readonly data: Uint8Array;
}

/** Work for a parse worker. */
export type IngestTask =
  | {
      readonly kind: 'ndjson';
      readonly path: string;
      /** The 1-based number of the first line in `data`. */
      readonly firstLine: number;
      readonly mtime: number;
      /** Complete lines, each ending in a newline (the last may not). */
      readonly data: Uint8Array;
    }
  | { readonly kind: 'xml'; readonly documents: readonly XmlDocument[] };

/** What a task produced, packed to cross the worker boundary cheaply:
 * value arrays, and one buffer of compressed XML that is transferred,
 * not copied. */
export interface TaskResult {
  readonly values: RecordValues[];
  /** The records' compressed XML end to end; record i's ends at
   * `payloadEnds[i]`. */
  readonly payloads: Uint8Array;
  readonly payloadEnds: number[];
  readonly refused: QuarantineInput[];
  /** Messages seen: records plus refused (blank lines are not messages). */
  readonly messages: number;
}

/** The records of a task's result. */
export function recordsOf(result: TaskResult): EncodedRecord[] {
  const records: EncodedRecord[] = [];
  let start = 0;
  for (let i = 0; i < result.values.length; i += 1) {
    const end = result.payloadEnds[i] as number;
    records.push({
      values: result.values[i] as RecordValues,
      payload: result.payloads.subarray(start, end),
    });
    start = end;
  }
  return records;
}

/** Runs one task with the given DUIS reader. */
export function runTask(
  task: IngestTask,
  read: MessageReader,
  maxBytes: number,
): TaskResult {
  const result: Tally = { records: [], refused: [], messages: 0 };
  if (task.kind === 'xml') {
    for (const document of task.documents) {
      addDocument(result, document, read, maxBytes);
    }
  } else {
    addLines(result, task, read, maxBytes);
  }
  return pack(result);
}

function pack(tally: Tally): TaskResult {
  let size = 0;
  for (const record of tally.records) size += record.payload.byteLength;
  // Its own ArrayBuffer (not a slice of Node's shared pool), so that it
  // can be transferred to the main thread.
  const payloads = new Uint8Array(size);
  const payloadEnds: number[] = [];
  let offset = 0;
  for (const record of tally.records) {
    payloads.set(record.payload, offset);
    offset += record.payload.byteLength;
    payloadEnds.push(offset);
  }
  return {
    values: tally.records.map((record) => record.values),
    payloads,
    payloadEnds,
    refused: tally.refused,
    messages: tally.messages,
  };
}

/** A result while it is being gathered. */
interface Tally {
  readonly records: EncodedRecord[];
  readonly refused: QuarantineInput[];
  messages: number;
}

function addDocument(
  result: Tally,
  document: XmlDocument,
  read: MessageReader,
  maxBytes: number,
): void {
  const xml = Buffer.from(
    document.data.buffer,
    document.data.byteOffset,
    document.data.byteLength,
  ).toString('utf8');
  const origin = {
    source: document.source,
    envelopeLoggedAt: null,
    fileMtime: document.mtime,
  };
  collect(result, decodeMessage(xml, origin, read, maxBytes));
}

function addLines(
  result: Tally,
  task: Extract<IngestTask, { kind: 'ndjson' }>,
  read: MessageReader,
  maxBytes: number,
): void {
  const text = Buffer.from(
    task.data.buffer,
    task.data.byteOffset,
    task.data.byteLength,
  ).toString('utf8');
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = withoutCarriageReturn(lines[i] as string);
    if (isBlank(line)) continue;
    const source = `${task.path}:${task.firstLine + i}`;
    const envelope = readEnvelope(line, source);
    if ('refused' in envelope) {
      result.messages += 1;
      result.refused.push(envelope.refused);
      continue;
    }
    const origin = {
      source,
      envelopeLoggedAt: envelope.loggedAt,
      fileMtime: task.mtime,
    };
    collect(result, decodeMessage(envelope.xml, origin, read, maxBytes));
  }
}

function withoutCarriageReturn(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

// Cheap for the usual line, which starts with `{`.
function isBlank(line: string): boolean {
  return line.length === 0 || (line[0] !== '{' && line.trim() === '');
}

function collect(
  result: Tally,
  decoded: ReturnType<typeof decodeMessage>,
): void {
  result.messages += 1;
  if (decoded.ok) result.records.push(decoded.record);
  else result.refused.push(decoded.refused);
}

type Envelope =
  | { readonly xml: string; readonly loggedAt: number | null }
  | { readonly refused: QuarantineInput };

/** Reads one NDJSON line: `{"loggedAt": "<ISO 8601>", "xml": "..."}`. */
export function readEnvelope(line: string, source: string): Envelope {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return unreadable(source, line, `The line is not JSON (${why})`);
  }
  if (!isEnvelope(value)) {
    return unreadable(
      source,
      line,
      'The line is not an object {"loggedAt": "<ISO 8601>", "xml": "..."}',
    );
  }
  if (value.loggedAt === undefined || value.loggedAt === null) {
    return { xml: value.xml, loggedAt: null };
  }
  const loggedAt =
    typeof value.loggedAt === 'string'
      ? parseIsoTime(value.loggedAt)
      : undefined;
  if (loggedAt === undefined) {
    return unreadable(
      source,
      line,
      `loggedAt ${JSON.stringify(value.loggedAt)} is not an ISO 8601 time`,
    );
  }
  return { xml: value.xml, loggedAt };
}

function isEnvelope(
  value: unknown,
): value is { xml: string; loggedAt?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { xml?: unknown }).xml === 'string'
  );
}

function unreadable(
  source: string,
  line: string,
  reason: string,
): { refused: QuarantineInput } {
  return {
    refused: {
      source,
      code: ErrorCodes.inputUnreadable.code,
      reason,
      content: line.slice(0, QUARANTINE_HEAD_CHARS),
    },
  };
}
