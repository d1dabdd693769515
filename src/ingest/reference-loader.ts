/**
 * Loads reference data from CSV files (PRODUCT.md §6): parties, users,
 * roles, devices, meter points, HAN links, registrations and credentials.
 *
 * Files may come in any order; they load in dependency order, and files of
 * one kind in name order (so that `registrations-2024-05.csv` can close an
 * interval that `registrations-2024-04.csv` opened). Every row is checked;
 * a bad one is quarantined with its file, line and reason, and the good
 * ones load. Loading the same files twice adds nothing.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

import { SatviewError } from '../errors/satview-error.ts';
import type { Store } from '../store/database.ts';
import { quarantine } from '../store/quarantine-store.ts';
import { allPartyIds, loadRoleRegistry } from '../store/reference-store.ts';
import { readCsv } from './csv-reader.ts';
import {
  applyRows,
  type LoadContext,
  type RowOutcome,
} from './reference-apply.ts';
import {
  REFERENCE_COLUMNS,
  REFERENCE_KINDS,
  type ReferenceKind,
  readReferenceRow,
  type RowFields,
} from './reference-rows.ts';

/** What a load did, counted in rows. */
export interface ReferenceSummary {
  readonly accepted: number;
  readonly duplicates: number;
  readonly quarantined: number;
}

/** A reference file's name and text (for callers that hold the text). */
export interface ReferenceText {
  readonly name: string;
  readonly text: string;
}

/** A row with where it came from, before and after reading. */
export interface SourcedRow<T> {
  readonly line: number;
  readonly text: string;
  readonly row: T;
}

/** Rows per store round: big enough to batch, small enough to hold. */
const CHUNK_ROWS = 2000;

/** The kind of reference file a name stands for, if any: `parties.csv`,
 * or a `.csv` name starting with `parties`, and so on. */
export function referenceKindOf(fileName: string): ReferenceKind | undefined {
  const name = basename(fileName).toLowerCase();
  if (!name.endsWith('.csv')) return undefined;
  return REFERENCE_KINDS.find((kind) => name.startsWith(kind));
}

/** Whether a file is reference data (recognised by its name). */
export function isReferenceFile(fileName: string): boolean {
  return referenceKindOf(fileName) !== undefined;
}

/** Loads reference files from disk; see the module comment. */
export async function loadReferenceFiles(
  store: Store,
  files: readonly string[],
): Promise<ReferenceSummary> {
  const texts: ReferenceText[] = [];
  for (const file of files) {
    texts.push({ name: file, text: await readText(file) });
  }
  return loadReferenceTexts(store, texts);
}

/** Loads reference data given as texts, named as their files would be. */
export async function loadReferenceTexts(
  store: Store,
  sources: readonly ReferenceText[],
): Promise<ReferenceSummary> {
  const totals = { accepted: 0, duplicates: 0, quarantined: 0 };
  for (const source of inLoadOrder(sources)) {
    const kind = referenceKindOf(source.name);
    if (kind === undefined) continue;
    const summary = await loadOne(store, kind, source);
    totals.accepted += summary.accepted;
    totals.duplicates += summary.duplicates;
    totals.quarantined += summary.quarantined;
  }
  return totals;
}

function inLoadOrder(sources: readonly ReferenceText[]): ReferenceText[] {
  const rank = (s: ReferenceText) =>
    REFERENCE_KINDS.indexOf(referenceKindOf(s.name) ?? 'roles');
  return [...sources].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      basename(a.name).localeCompare(basename(b.name)) ||
      a.name.localeCompare(b.name),
  );
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new SatviewError(
      'inputUnreadable',
      `Cannot read reference file ${file}: ` +
        (error instanceof Error ? error.message : String(error)),
      { file },
    );
  }
}

async function loadOne(
  store: Store,
  kind: ReferenceKind,
  source: ReferenceText,
): Promise<ReferenceSummary> {
  const { good, bad } = readRows(kind, source.text);
  const context = await loadContext(store);
  let accepted = 0;
  let duplicates = 0;
  for (let i = 0; i < good.length; i += CHUNK_ROWS) {
    const outcomes = await applyRows(
      store,
      kind,
      good.slice(i, i + CHUNK_ROWS),
      context,
    );
    accepted += outcomes.filter((o) => o.outcome === 'accepted').length;
    duplicates += outcomes.filter((o) => o.outcome === 'duplicate').length;
    bad.push(...outcomes.filter(isRejected));
  }
  await quarantineRows(store, source.name, bad);
  return { accepted, duplicates, quarantined: bad.length };
}

async function loadContext(store: Store): Promise<LoadContext> {
  return {
    parties: await allPartyIds(store),
    roles: await loadRoleRegistry(store),
  };
}

interface BadRow {
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

function isRejected(outcome: RowOutcome): outcome is RowOutcome & BadRow {
  return outcome.outcome === 'rejected';
}

/** Splits a file into readable rows and rows refused on their own. */
function readRows(
  kind: ReferenceKind,
  text: string,
): { good: SourcedRow<unknown>[]; bad: BadRow[] } {
  const { records, problems } = readCsv(text);
  const bad: BadRow[] = problems.map((p) => ({ ...p }));
  const [header, ...rows] = records;
  if (header === undefined) return { good: [], bad };
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const missing = REFERENCE_COLUMNS[kind].filter((c) => !columns.includes(c));
  const good: SourcedRow<unknown>[] = [];
  for (const record of rows) {
    const reason =
      missing.length > 0
        ? `the header lacks the column(s) ${missing.join(', ')}`
        : widthProblem(record.fields.length, columns.length);
    if (reason !== null) {
      bad.push({ line: record.line, text: record.text, reason });
      continue;
    }
    const result = readReferenceRow(kind, byColumn(columns, record.fields));
    if (result.ok) good.push({ ...record, row: result.row });
    else
      bad.push({ line: record.line, text: record.text, reason: result.reason });
  }
  return { good, bad };
}

function widthProblem(fields: number, columns: number): string | null {
  if (fields === columns) return null;
  return `the row has ${fields} fields but the header has ${columns}`;
}

function byColumn(columns: readonly string[], fields: readonly string[]) {
  const out: Record<string, string> = {};
  columns.forEach((column, i) => (out[column] = fields[i] ?? ''));
  return out as RowFields;
}

async function quarantineRows(
  store: Store,
  file: string,
  rows: readonly BadRow[],
): Promise<void> {
  await quarantine(
    store,
    rows.map((row) => ({
      source: `${file}:${row.line}`,
      code: 'SV_REFERENCE_ROW_INVALID',
      reason: row.reason,
      content: row.text,
    })),
  );
}
