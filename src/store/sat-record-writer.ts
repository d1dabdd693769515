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

/** Writes a batch of encoded records in one transaction. */
export async function writeEncodedRecords(
  store: Store,
  records: readonly EncodedRecord[],
): Promise<WriteSummary> {
  if (records.length === 0) return { accepted: 0, duplicates: 0 };
  const accepted =
    store.sqlite !== null
      ? sqliteStatements(store.sqlite).inTransaction(records)
      : await writePostgres(store.pool as pg.Pool, records);
  return { accepted, duplicates: records.length - accepted };
}

/**
 * SQLite only: a transaction that records are inserted into as they come,
 * a few at a time, until the caller commits. For a caller that owns the
 * connection meanwhile (the ingest's record sink): anything else written
 * on it while the transaction is open joins the transaction, and the
 * caller must commit or roll back before it lets go.
 */
export class SqliteRecordBatch {
  readonly #db: SqliteDatabase.Database;
  readonly #statements: SqliteStatements;
  #open = false;
  /** Records inserted in the open transaction, duplicates included. */
  size = 0;

  constructor(db: SqliteDatabase.Database) {
    this.#db = db;
    this.#statements = sqliteStatements(db);
  }

  /** Inserts records, opening the transaction if none is open; answers
   * how many were new. Throws if the connection is already in a
   * transaction of someone else's. */
  insert(records: readonly EncodedRecord[]): number {
    if (!this.#open) {
      this.#db.exec('begin');
      this.#open = true;
    }
    this.size += records.length;
    return this.#statements.insert(records);
  }

  /** Commits what was inserted (nothing to do if nothing was). */
  commit(): void {
    if (this.#open) this.#db.exec('commit');
    this.#open = false;
    this.size = 0;
  }

  /** Undoes what was inserted since the last commit. */
  rollback(): void {
    if (this.#open && this.#db.inTransaction) this.#db.exec('rollback');
    this.#open = false;
    this.size = 0;
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
