/**
 * Writes SAT records with their compressed XML. A record whose content
 * digest is already stored is a duplicate and changes nothing, so loading
 * the same input twice is harmless. Each call is one transaction: records
 * and their XML land together or not at all.
 *
 * Bulk speed (TECH.md §1): on SQLite one prepared INSERT per row through
 * the raw better-sqlite3 handle inside one transaction; on PostgreSQL a
 * COPY into a temporary staging table, then one INSERT … SELECT … ON
 * CONFLICT (digest) DO NOTHING that also writes the payloads.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import type { NewSatRecord } from '../domain/sat-record.ts';
import type { Store } from './database.ts';
import {
  type EncodedRecord,
  RECORD_COLUMNS,
  digestOf,
  encodeRecord,
} from './record-encoding.ts';

export interface WriteSummary {
  readonly accepted: number;
  readonly duplicates: number;
}

/** Writes a batch of records in one transaction. */
export async function writeRecords(
  store: Store,
  records: readonly NewSatRecord[],
): Promise<WriteSummary> {
  return writeEncodedRecords(store, records.map(encodeRecord));
}

/** Options of {@link writeEncodedRecords}. */
export interface WriteOptions {
  /**
   * SQLite only: insert this many rows at a time and let the event loop
   * run in between, inside the one transaction. A big batch then does not
   * stall the parse workers, whose results the event loop hands out. Only
   * for a caller that owns the store meanwhile (the ingest pipeline):
   * anything else written on the connection in between joins the
   * transaction.
   */
  readonly yieldEvery?: number;
}

/** Writes a batch of encoded records in one transaction. */
export async function writeEncodedRecords(
  store: Store,
  records: readonly EncodedRecord[],
  options: WriteOptions = {},
): Promise<WriteSummary> {
  if (records.length === 0) return { accepted: 0, duplicates: 0 };
  const accepted =
    store.sqlite !== null
      ? await writeSqlite(store.sqlite, records, options.yieldEvery)
      : await writePostgres(store.pool as pg.Pool, records);
  return { accepted, duplicates: records.length - accepted };
}

async function writeSqlite(
  db: SqliteDatabase.Database,
  records: readonly EncodedRecord[],
  yieldEvery: number | undefined,
): Promise<number> {
  const statements = sqliteStatements(db);
  if (yieldEvery === undefined) return statements.inTransaction(records);
  const slice = Math.max(1, yieldEvery);
  db.exec('begin');
  try {
    let accepted = 0;
    for (let start = 0; start < records.length; start += slice) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      accepted += statements.insert(records.slice(start, start + slice));
    }
    db.exec('commit');
    return accepted;
  } catch (error) {
    if (db.inTransaction) db.exec('rollback');
    throw error;
  }
}

interface SqliteStatements {
  /** Inserts records; answers how many were new. */
  insert(records: readonly EncodedRecord[]): number;
  /** The same, as one transaction. */
  inTransaction(records: readonly EncodedRecord[]): number;
}

const sqliteCache = new WeakMap<SqliteDatabase.Database, SqliteStatements>();

// One prepared INSERT per row through the raw handle: TECH.md §1 measured
// this as SQLite's fastest bulk path.
function sqliteStatements(db: SqliteDatabase.Database): SqliteStatements {
  const known = sqliteCache.get(db);
  if (known !== undefined) return known;
  const insertRecord = db.prepare(
    `insert into sat_record (${RECORD_COLUMNS.join(', ')}) ` +
      `values (${RECORD_COLUMNS.map(() => '?').join(', ')}) ` +
      'on conflict (digest) do nothing',
  );
  const insertPayload = db.prepare(
    'insert into sat_payload (record_id, xml) values (?, ?)',
  );
  const insert = (records: readonly EncodedRecord[]) => {
    let accepted = 0;
    for (const { values, payload } of records) {
      const info = insertRecord.run(values);
      if (info.changes === 0) continue;
      insertPayload.run(info.lastInsertRowid, payload);
      accepted += 1;
    }
    return accepted;
  };
  const statements = { insert, inTransaction: db.transaction(insert) };
  sqliteCache.set(db, statements);
  return statements;
}

const STAGE = 'satview_record_stage';
const ROWS_PER_COPY_CHUNK = 500;

async function writePostgres(
  pool: pg.Pool,
  records: readonly EncodedRecord[],
): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(
      `create temp table if not exists ${STAGE} on commit delete rows as ` +
        'select *, 0 as seq, null::bytea as xml from sat_record with no data',
    );
    await pipeline(
      Readable.from(copyText(uniqueByDigest(records))),
      client.query(
        copyFrom(
          `copy ${STAGE} (${RECORD_COLUMNS.join(', ')}, seq, xml) from stdin`,
        ),
      ),
    );
    const result = await client.query(insertFromStage());
    await client.query('commit');
    client.release();
    return result.rowCount ?? 0;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    // A connection that failed mid-COPY is not fit for reuse.
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

function insertFromStage(): string {
  const columns = RECORD_COLUMNS.join(', ');
  return (
    `with inserted as (insert into sat_record (${columns}) ` +
    `select ${columns} from ${STAGE} order by seq ` +
    'on conflict (digest) do nothing returning id, digest) ' +
    'insert into sat_payload (record_id, xml) ' +
    `select inserted.id, stage.xml from inserted join ${STAGE} stage ` +
    'using (digest)'
  );
}

// The staging table has no unique key, so a digest repeated inside one
// batch would pair one inserted record with two payloads.
function uniqueByDigest(records: readonly EncodedRecord[]): EncodedRecord[] {
  const seen = new Set<string>();
  return records.filter(({ values }) => {
    const digest = digestOf(values);
    if (seen.has(digest)) return false;
    seen.add(digest);
    return true;
  });
}

function* copyText(records: readonly EncodedRecord[]): Generator<string> {
  let chunk = '';
  for (let i = 0; i < records.length; i += 1) {
    const { values, payload } = records[i] as EncodedRecord;
    for (const value of values) chunk += copyValue(value) + '\t';
    chunk += `${i}\t\\\\x${Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('hex')}\n`;
    if ((i + 1) % ROWS_PER_COPY_CHUNK === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** A value in COPY's text format: `\N` for null, with backslash, tab,
 * newline and carriage return escaped. */
function copyValue(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] as string);
}

const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};
