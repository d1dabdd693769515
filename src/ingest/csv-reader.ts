/**
 * A small RFC 4180 CSV reader for reference data: comma-separated, fields
 * optionally in double quotes (a quoted field may hold commas, line breaks
 * and doubled quotes), CRLF or LF line ends, an optional UTF-8 byte order
 * mark. Each record keeps the line it starts on, so that a bad row can be
 * reported as `file:line`.
 */

/** One record of a CSV text. */
export interface CsvRecord {
  /** The 1-based line the record starts on. */
  readonly line: number;
  readonly fields: readonly string[];
  /** The record's original text, for the quarantine. */
  readonly text: string;
}

/** A parse problem that stops one record being read (an open quote). */
export interface CsvProblem {
  readonly line: number;
  readonly reason: string;
  readonly text: string;
}

/** Every record of a CSV text, header included, and any problem found. */
export interface CsvDocument {
  readonly records: readonly CsvRecord[];
  readonly problems: readonly CsvProblem[];
}

/** Reads all records of a CSV text; blank lines are skipped. */
export function readCsv(input: string): CsvDocument {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const cursor = { pos: 0, line: 1 };
  while (cursor.pos < text.length) {
    const start = cursor.pos;
    const line = cursor.line;
    const fields = readRecord(text, cursor);
    const raw = text.slice(start, cursor.pos).replace(/\r?\n$/, '');
    if (fields === null) {
      problems.push({
        line,
        reason: 'a quoted field is never closed',
        text: raw,
      });
    } else if (!(fields.length === 1 && fields[0] === '')) {
      records.push({ line, fields, text: raw });
    }
  }
  return { records, problems };
}

interface Cursor {
  pos: number;
  line: number;
}

/** Reads one record from the cursor up to and including its line end;
 * answers null when a quoted field runs to the end of the text. */
function readRecord(text: string, cursor: Cursor): string[] | null {
  const fields: string[] = [];
  for (;;) {
    const field =
      text[cursor.pos] === '"'
        ? readQuoted(text, cursor)
        : readBare(text, cursor);
    if (field === null) return null;
    fields.push(field);
    const next = text[cursor.pos];
    if (next === ',') {
      cursor.pos += 1;
      continue;
    }
    skipLineEnd(text, cursor);
    return fields;
  }
}

function readBare(text: string, cursor: Cursor): string {
  const start = cursor.pos;
  while (cursor.pos < text.length) {
    const char = text[cursor.pos];
    if (char === ',' || char === '\n' || char === '\r') break;
    cursor.pos += 1;
  }
  return text.slice(start, cursor.pos);
}

function readQuoted(text: string, cursor: Cursor): string | null {
  let value = '';
  cursor.pos += 1;
  for (;;) {
    const close = text.indexOf('"', cursor.pos);
    if (close === -1) {
      cursor.line += countLineBreaks(text.slice(cursor.pos));
      cursor.pos = text.length;
      return null;
    }
    const chunk = text.slice(cursor.pos, close);
    cursor.line += countLineBreaks(chunk);
    value += chunk;
    cursor.pos = close + 1;
    if (text[cursor.pos] !== '"') break;
    value += '"';
    cursor.pos += 1;
  }
  // Text after the closing quote (`"a"b`) is kept, as most readers do.
  return value + readBare(text, cursor);
}

function skipLineEnd(text: string, cursor: Cursor): void {
  if (text[cursor.pos] === '\r') cursor.pos += 1;
  if (text[cursor.pos] === '\n') cursor.pos += 1;
  cursor.line += 1;
}

function countLineBreaks(chunk: string): number {
  let count = 0;
  for (const char of chunk) if (char === '\n') count += 1;
  return count;
}
