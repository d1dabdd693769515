/**
 * The access log: every time a viewer is shown records that another party
 * sent, which party saw which of them, when, through which route. It is
 * append-only: this module offers insert and list and nothing else, and
 * the database itself refuses updates and deletes (see migration
 * 0004_accounts, and on SQLite 0007_access_log_rowid, which made the
 * table again).
 */
import type { Statement } from 'better-sqlite3';
import { type SelectQueryBuilder, type SqlBool, sql } from 'kysely';

import { SatviewError } from '../errors/satview-error.ts';
import type { Store } from './database.ts';
import type { Database } from './schema.ts';

/** One showing of one party's records to a viewer of another party. */
export interface NewAccessLogEntry {
  readonly viewedAt: number;
  readonly viewerPartyId: string;
  /** The account that looked; null when an API token did. */
  readonly viewerAccount: string | null;
  /** The API token that looked; null when a person did. */
  readonly viewerTokenId: number | null;
  readonly route: string;
  /** The party that sent the records; null when the sender is unknown. */
  readonly ownerPartyId: string | null;
  readonly recordIds: readonly number[];
}

/** A stored entry. */
export interface AccessLogEntry extends NewAccessLogEntry {
  readonly id: number;
}

/** A page of entries, newest first. */
export interface AccessLogPage {
  readonly entries: readonly AccessLogEntry[];
  /** Pass back as `cursor` for the next page; null on the last. */
  readonly nextCursor: string | null;
}

/** Which entries to list for the party that owns the records. */
export interface AccessLogQuery {
  /** Epoch ms, inclusive. */
  readonly from?: number;
  /** Epoch ms, exclusive. */
  readonly to?: number;
  /** 1 to 500. */
  readonly limit: number;
  readonly cursor?: string;
}

/** Appends entries in one statement; no-op for none. */
export async function appendAccessLog(
  store: Store,
  entries: readonly NewAccessLogEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const append = sqliteAppender(store);
  if (append !== undefined) {
    append(entries);
    return;
  }
  await store.db.insertInto('access_log').values(entries.map(toRow)).execute();
}

type NewRow = Omit<AccessLogRow, 'id'>;

function toRow(entry: NewAccessLogEntry): NewRow {
  return {
    viewed_at: entry.viewedAt,
    viewer_party_id: entry.viewerPartyId,
    viewer_account: entry.viewerAccount,
    viewer_token_id: entry.viewerTokenId,
    route: entry.route,
    owner_party_id: entry.ownerPartyId,
    record_ids: recordIdsText(entry.recordIds),
  };
}

/**
 * The stored form of an entry's record ids. A cached answer logs the
 * same list on every request that it serves, so the text is kept for as
 * long as the list itself lives.
 */
const idTexts = new WeakMap<readonly number[], string>();

function recordIdsText(recordIds: readonly number[]): string {
  let text = idTexts.get(recordIds);
  if (text === undefined) {
    text = recordIds.join(' ');
    idTexts.set(recordIds, text);
  }
  return text;
}

const appenders = new WeakMap<
  object,
  (entries: readonly NewAccessLogEntry[]) => void
>();

/**
 * On SQLite, how many rows may wait outside access_log_by_owner before
 * the writer indexes them. A listing reads those rows by a scan of the
 * table's end, which costs well under a millisecond at this size, while
 * indexing them 4,096 at a time writes each owner's index pages about
 * once per batch instead of once per group commit.
 */
export const OWNER_INDEX_BATCH_ROWS = 4096;

/** On SQLite, the most rows one INSERT statement appends. */
const ROWS_PER_INSERT = 32;

const ACCESS_LOG_INSERT =
  'insert into access_log (viewed_at, viewer_party_id, viewer_account, ' +
  'viewer_token_id, route, owner_party_id, record_ids) values ';

/**
 * On SQLite, the entries are appended in one transaction, up to
 * ROWS_PER_INSERT rows a statement, their values bound by position: on
 * the API's cached path this runs for every answer. A row object bound by
 * name cost half as much again as by position (2.0 to 2.6 µs a row
 * against 1.4 to 1.8, in memory), and one statement per row about a
 * tenth more than a statement for 30 rows (3.6 against 3.3 µs a row with
 * its commit, on a 16 KiB-page file). A statement for each number of rows
 * is prepared the first time that number comes. When the append leaves
 * OWNER_INDEX_BATCH_ROWS or more rows unindexed, the same transaction
 * indexes them. SQLite gives out rowids in commit order, one writer at a
 * time, and a multi-row insert in the order of its rows, so every row
 * above access_log_indexed.upto is one not yet indexed.
 * Undefined inside another transaction, whose commit the caller owns.
 */
function sqliteAppender(
  store: Store,
): ((entries: readonly NewAccessLogEntry[]) => void) | undefined {
  const sqlite = store.sqlite;
  if (sqlite === null || sqlite.inTransaction) return undefined;
  let append = appenders.get(sqlite);
  if (append === undefined) {
    const inserts = new Map<number, Statement>();
    const insertOf = (rows: number): Statement => {
      let insert = inserts.get(rows);
      if (insert === undefined) {
        const row = '(?, ?, ?, ?, ?, ?, ?)';
        insert = sqlite.prepare(
          ACCESS_LOG_INSERT + Array.from({ length: rows }, () => row).join(),
        );
        inserts.set(rows, insert);
      }
      return insert;
    };
    const indexedUpto = sqlite
      .prepare('select upto from access_log_indexed')
      .pluck();
    const indexAbove = sqlite.prepare(
      'insert into access_log_by_owner (owner_party_id, viewed_at, id) ' +
        'select owner_party_id, viewed_at, id from access_log ' +
        'where id > ? and owner_party_id is not null ' +
        'order by owner_party_id, viewed_at, id',
    );
    const setIndexedUpto = sqlite.prepare(
      'update access_log_indexed set upto = ?',
    );
    append = sqlite.transaction((entries: readonly NewAccessLogEntry[]) => {
      let newest = 0;
      for (let start = 0; start < entries.length; start += ROWS_PER_INSERT) {
        const end = Math.min(entries.length, start + ROWS_PER_INSERT);
        const values: unknown[] = [];
        for (let i = start; i < end; i += 1) {
          const entry = entries[i] as NewAccessLogEntry;
          values.push(
            entry.viewedAt,
            entry.viewerPartyId,
            entry.viewerAccount,
            entry.viewerTokenId,
            entry.route,
            entry.ownerPartyId,
            recordIdsText(entry.recordIds),
          );
        }
        const insert = insertOf(end - start);
        newest = Number(insert.run(values).lastInsertRowid);
      }
      const upto = indexedUpto.get() as number;
      if (newest - upto >= OWNER_INDEX_BATCH_ROWS) {
        indexAbove.run(upto);
        setIndexedUpto.run(newest);
      }
    });
    appenders.set(sqlite, append);
  }
  return append;
}

/** The views of one party's records by other parties, newest first. The
 * owner is a required argument: no caller can list the whole log. */
export async function listAccessLog(
  store: Store,
  ownerPartyId: string,
  query: AccessLogQuery,
): Promise<AccessLogPage> {
  const ofOwner = store.db
    .selectFrom('access_log')
    .selectAll()
    .where('owner_party_id', '=', ownerPartyId);
  const rows =
    store.dialect === 'sqlite'
      ? await listOnSqlite(store, ownerPartyId, ofOwner, query)
      : await pageOf(ofOwner, query).execute();
  const entries = rows.slice(0, query.limit).map(fromRow);
  const last = entries.at(-1);
  const more = rows.length > query.limit && last !== undefined;
  return {
    entries,
    nextCursor: more ? `${last.viewedAt}.${last.id}` : null,
  };
}

/**
 * On SQLite the rows come from two places, read in one statement and so
 * from one snapshot: those in access_log_by_owner, found by its key, and
 * those above access_log_indexed.upto, which the writer has not indexed
 * yet, found by a scan of the table's end (fewer than
 * OWNER_INDEX_BATCH_ROWS, unless rows were appended inside another
 * transaction; the next append indexes them). The two never overlap: the
 * writer indexes rows and moves upto in one transaction.
 */
async function listOnSqlite(
  store: Store,
  ownerPartyId: string,
  ofOwner: SelectQueryBuilder<Database, 'access_log', AccessLogRow>,
  query: AccessLogQuery,
): Promise<AccessLogRow[]> {
  const db = store.db;
  const indexed = db
    .selectFrom('access_log_by_owner as o')
    .innerJoin('access_log', 'access_log.id', 'o.id')
    .selectAll('access_log')
    .where('o.owner_party_id', '=', ownerPartyId);
  const upto = db.selectFrom('access_log_indexed').select('upto');
  const unindexed = ofOwner.where('id', '>', upto);
  const both = db
    .selectFrom(pageOf(indexed, query, 'o.').as('i'))
    .selectAll()
    .unionAll(db.selectFrom(pageOf(unindexed, query).as('u')).selectAll());
  return pageOf(both, { limit: query.limit }).execute();
}

/** The first page of a select, newest first: narrowed to the query's
 * time range and to what comes after its cursor, then ordered and cut to
 * one more row than the limit (which tells whether more follow). `table`
 * qualifies the viewed_at and id columns. */
function pageOf<DB, TB extends keyof DB, O>(
  select: SelectQueryBuilder<DB, TB, O>,
  query: AccessLogQuery,
  table = '',
): SelectQueryBuilder<DB, TB, O> {
  const at = sql.ref(`${table}viewed_at`);
  const id = sql.ref(`${table}id`);
  let page = select;
  if (query.from !== undefined) {
    page = page.where(sql<SqlBool>`${at} >= ${query.from}`);
  }
  if (query.to !== undefined) {
    page = page.where(sql<SqlBool>`${at} < ${query.to}`);
  }
  if (query.cursor !== undefined) {
    // A bound on the time, then the tie: the bound lets the owner index
    // seek to the cursor instead of walking to it from the newest entry.
    const [afterAt, afterId] = parseCursor(query.cursor);
    page = page.where(
      sql<SqlBool>`${at} <= ${afterAt}
        and (${at} < ${afterAt} or ${id} < ${afterId})`,
    );
  }
  return page
    .orderBy(sql`${at} desc`)
    .orderBy(sql`${id} desc`)
    .limit(query.limit + 1);
}

interface AccessLogRow {
  id: number;
  viewed_at: number;
  viewer_party_id: string;
  viewer_account: string | null;
  viewer_token_id: number | null;
  route: string;
  owner_party_id: string | null;
  record_ids: string;
}

function fromRow(row: AccessLogRow): AccessLogEntry {
  return {
    id: Number(row.id),
    viewedAt: Number(row.viewed_at),
    viewerPartyId: row.viewer_party_id,
    viewerAccount: row.viewer_account,
    viewerTokenId:
      row.viewer_token_id === null ? null : Number(row.viewer_token_id),
    route: row.route,
    ownerPartyId: row.owner_party_id,
    recordIds:
      row.record_ids === '' ? [] : row.record_ids.split(' ').map(Number),
  };
}

function parseCursor(cursor: string): [number, number] {
  const match = /^([0-9]{1,16})\.([0-9]{1,16})$/.exec(cursor);
  if (match === null) {
    throw new SatviewError(
      'badRequest',
      `cursor '${cursor}' is not one this server gave out`,
      { parameter: 'cursor' },
    );
  }
  return [Number(match[1]), Number(match[2])];
}
