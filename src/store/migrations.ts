/**
 * One migration set for both backends. The few differences (identity
 * columns, binary and 64-bit types) go through the dialect argument.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { sql } from 'kysely';

import { recodeOlderPayloads } from './payload-recoding.ts';
import { underSavepoint } from './savepoint.ts';

export type Dialect = 'sqlite' | 'postgres';

/** Kysely's migrator reads migrations from this provider. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    getMigrations: async () => ({
      '0001_sat_records': satRecords(dialect),
      '0002_reference_data': referenceData(dialect),
      '0004_accounts': accounts(dialect),
      '0005_snappy_payloads': { up: recodeOlderPayloads },
      '0006_access_log_by_owner': accessLogByOwner(dialect),
      '0007_access_log_rowid': accessLogRowid(dialect),
      '0008_login_failures': loginFailures(dialect),
      '0009_sat_record_time': { up: recordTimeIndex },
    }),
  };
}

function types(dialect: Dialect) {
  const pg = dialect === 'postgres';
  return {
    time: pg ? ('bigint' as const) : ('integer' as const),
    blob: pg ? ('bytea' as const) : ('blob' as const),
  };
}

function satRecords(dialect: Dialect): Migration {
  const { time, blob } = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sat_record')
        .addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
          dialect === 'postgres'
            ? c.primaryKey().generatedAlwaysAsIdentity()
            : c.primaryKey().autoIncrement(),
        )
        .addColumn('digest', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .addColumn('response_id', 'text')
        .addColumn('preceding_request_id', 'text')
        .addColumn('originator_id', 'text')
        .addColumn('target_id', 'text')
        .addColumn('counter', 'text')
        .addColumn('device_id', 'text')
        .addColumn('user_id', 'text')
        .addColumn('srv', 'text')
        .addColumn('service_reference', 'text')
        .addColumn('command_variant', 'integer')
        .addColumn('response_code', 'text')
        .addColumn('logged_at', time, (c) => c.notNull())
        .addColumn('logged_at_source', 'text', (c) => c.notNull())
        .addColumn('response_at', time)
        .addColumn('execution_at', time)
        .addColumn('alert_code', 'text')
        .addColumn('payload_element', 'text')
        .addColumn('schema_version', 'text', (c) => c.notNull())
        .addColumn('flags', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('source', 'text', (c) => c.notNull())
        .execute();
      // A device's records newest first: the main access path.
      await db.schema
        .createIndex('sat_record_device_time')
        .on('sat_record')
        .columns(['device_id', 'logged_at desc', 'id desc'])
        .execute();
      await db.schema
        .createIndex('sat_record_request')
        .on('sat_record')
        .column('request_id')
        .execute();
      // A party's own traffic across devices.
      await db.schema
        .createIndex('sat_record_user_time')
        .on('sat_record')
        .columns(['user_id', 'logged_at desc'])
        .execute();
      await db.schema
        .createTable('sat_payload')
        .addColumn('record_id', 'bigint', (c) => c.primaryKey())
        .addColumn('xml', blob, (c) => c.notNull())
        .execute();
      if (dialect === 'postgres') {
        // Already compressed by satview; TOAST compression would be wasted.
        await sql`alter table sat_payload alter column xml set storage external`.execute(
          db,
        );
      }
      await db.schema
        .createTable('quarantine')
        .addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
          dialect === 'postgres'
            ? c.primaryKey().generatedAlwaysAsIdentity()
            : c.primaryKey().autoIncrement(),
        )
        .addColumn('digest', 'text', (c) => c.notNull().unique())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('content', blob, (c) => c.notNull())
        .addColumn('quarantined_at', time, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('quarantine').execute();
      await db.schema.dropTable('sat_payload').execute();
      await db.schema.dropTable('sat_record').execute();
    },
  };
}

function referenceData(dialect: Dialect): Migration {
  const { time } = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('party')
        .addColumn('party_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('role')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('dcc_user')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('party_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('dcc_user_party')
        .on('dcc_user')
        .column('party_id')
        .execute();
      await db.schema
        .createTable('device')
        .addColumn('device_id', 'text', (c) => c.primaryKey())
        .addColumn('device_type', 'text', (c) => c.notNull())
        .addColumn('smets', 'integer', (c) => c.notNull())
        .execute();
      await intervalTable(db, 'meter_point', ['device_id', 'mpxn'], time);
      await indexOn(db, 'meter_point', 'mpxn');
      await intervalTable(db, 'han_link', ['device_id', 'meter_id'], time);
      await indexOn(db, 'han_link', 'meter_id');
      await intervalTable(
        db,
        'registration',
        ['mpxn', 'role', 'party_id'],
        time,
      );
      await indexOn(db, 'registration', 'party_id');
      await intervalTable(
        db,
        'credential',
        ['device_id', 'anchor', 'party_id'],
        time,
      );
      await indexOn(db, 'credential', 'party_id');
    },
    async down(db: Kysely<unknown>) {
      for (const table of [
        'credential',
        'registration',
        'han_link',
        'meter_point',
        'device',
        'dcc_user',
        'role',
        'party',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

/** A table of rows valid over [valid_from, valid_to), keyed by the
 * identifying columns and the start. */
async function intervalTable(
  db: Kysely<unknown>,
  name: string,
  keys: string[],
  time: 'bigint' | 'integer',
): Promise<void> {
  let builder = db.schema.createTable(name);
  for (const key of keys) {
    builder = builder.addColumn(key, 'text', (c) => c.notNull());
  }
  await builder
    .addColumn('valid_from', time, (c) => c.notNull())
    .addColumn('valid_to', time)
    .addPrimaryKeyConstraint(`${name}_pk`, [...keys, 'valid_from'] as never)
    .execute();
}

async function indexOn(
  db: Kysely<unknown>,
  table: string,
  column: string,
): Promise<void> {
  await db.schema
    .createIndex(`${table}_${column}`)
    .on(table)
    .column(column)
    .execute();
}

/** Accounts, sessions, API tokens and the access log of the HTTP server. */
function accounts(dialect: Dialect): Migration {
  const { time } = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('account')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('party_id', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('disabled_at', time)
        .execute();
      await db.schema
        .createTable('session')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('expires_at', time, (c) => c.notNull())
        .execute();
      await indexOn(db, 'session', 'username');
      await db.schema
        .createTable('api_token')
        .addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
          dialect === 'postgres'
            ? c.primaryKey().generatedAlwaysAsIdentity()
            : c.primaryKey().autoIncrement(),
        )
        .addColumn('party_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('revoked_at', time)
        .execute();
      await accessLog(db, dialect);
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['access_log', 'api_token', 'session', 'account']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

/** One row per request and per party whose records it showed. */
async function accessLog(db: Kysely<unknown>, dialect: Dialect) {
  const { time } = types(dialect);
  await db.schema
    .createTable('access_log')
    .addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
      dialect === 'postgres'
        ? c.primaryKey().generatedAlwaysAsIdentity()
        : c.primaryKey().autoIncrement(),
    )
    .addColumn('viewed_at', time, (c) => c.notNull())
    .addColumn('viewer_party_id', 'text', (c) => c.notNull())
    .addColumn('viewer_account', 'text')
    .addColumn('viewer_token_id', 'bigint')
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('owner_party_id', 'text')
    .addColumn('record_ids', 'text', (c) => c.notNull())
    .execute();
  // A party reads who looked at its own traffic, newest first.
  await db.schema
    .createIndex('access_log_owner_time')
    .on('access_log')
    .columns(['owner_party_id', 'viewed_at desc', 'id desc'])
    .execute();
  await forbidRewrites(db, dialect);
}

/** The access log is evidence: the database refuses updates and deletes,
 * whatever code path tries them. */
async function forbidRewrites(db: Kysely<unknown>, dialect: Dialect) {
  if (dialect === 'sqlite') {
    await refuseRewritesOnSqlite(db, 'access_log');
    return;
  }
  await sql`create function access_log_append_only() returns trigger
    language plpgsql as $$
    begin raise exception 'access_log is append-only'; end $$`.execute(db);
  await sql`create trigger access_log_no_rewrite
    before update or delete on access_log
    for each row execute function access_log_append_only()`.execute(db);
}

/** Triggers that make SQLite refuse every update and delete of a table. */
async function refuseRewritesOnSqlite(db: Kysely<unknown>, table: string) {
  for (const event of ['update', 'delete']) {
    await sql
      .raw(
        `create trigger ${table}_no_${event} before ${event} ` +
          `on ${table} begin ` +
          `select raise(abort, '${table} is append-only'); end`,
      )
      .execute(db);
  }
}

/**
 * On SQLite, the access log's (owner, time) index becomes a table of its
 * own, access_log_by_owner, which the writer fills in batches of rows
 * (see access-log-store.ts); access_log_indexed holds the id up to which
 * it is filled. An index on a table that every answer appends to puts
 * each group commit's rows into as many leaf pages as there are owners
 * among them, and SQLite writes every page it changed, whole, to the WAL:
 * a cost that grows with the number of parties. Under `satview bench
 * api`'s load (ten owners, about 35 rows a commit) a commit took 11 to
 * 13 µs a row with the index, against 5.2 to 5.3 µs with this table.
 * PostgreSQL keeps the index, as its ids are not given out in commit
 * order (the batches rely on that).
 */
function accessLogByOwner(dialect: Dialect): Migration {
  return onSqliteOnly(dialect, 'access_log_by_owner', moveOwnerIndex);
}

/** A migration that changes SQLite stores only, all of it under one
 * savepoint, and leaves PostgreSQL stores as they are. */
function onSqliteOnly(
  dialect: Dialect,
  name: string,
  change: (db: Kysely<unknown>) => Promise<void>,
): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'sqlite') return;
      await underSavepoint(db, name, () => change(db));
    },
  };
}

async function moveOwnerIndex(db: Kysely<unknown>): Promise<void> {
  await sql`create table access_log_by_owner (
      owner_party_id text not null,
      viewed_at integer not null,
      id integer not null,
      primary key (owner_party_id, viewed_at, id)
    ) without rowid`.execute(db);
  await sql`create table access_log_indexed (
      only_row integer primary key check (only_row = 1),
      upto integer not null
    )`.execute(db);
  await sql`insert into access_log_by_owner (owner_party_id, viewed_at, id)
    select owner_party_id, viewed_at, id from access_log
    where owner_party_id is not null
    order by owner_party_id, viewed_at, id`.execute(db);
  await sql`insert into access_log_indexed (only_row, upto)
    select 1, coalesce(max(id), 0) from access_log`.execute(db);
  await sql`drop index access_log_owner_time`.execute(db);
  // Derived from the log, and as append-only as the log itself.
  await refuseRewritesOnSqlite(db, 'access_log_by_owner');
  // Without its one row a listing would not know which rows to scan.
  await sql`create trigger access_log_indexed_no_delete
    before delete on access_log_indexed begin
    select raise(abort, 'access_log_indexed keeps its row'); end`.execute(db);
}

/**
 * On SQLite, the access log's ids become plain rowids instead of
 * AUTOINCREMENT ones. AUTOINCREMENT writes its counter's page of
 * sqlite_sequence at every commit, a whole page to the WAL: on the API's
 * cached path, where each answer appends a row, side runs put a row
 * with its commit at 2.5 to 2.8 µs without it against 3.3 to 3.9 µs with
 * it. What AUTOINCREMENT adds over a rowid is that the id of a deleted
 * last row is not given out again, and the database refuses every delete
 * from this table, so ids still only grow. SQLite cannot drop
 * AUTOINCREMENT from a table, so the table is copied, ids and all, and
 * its append-only triggers made again.
 */
function accessLogRowid(dialect: Dialect): Migration {
  return onSqliteOnly(dialect, 'access_log_rowid', copyAccessLog);
}

async function copyAccessLog(db: Kysely<unknown>): Promise<void> {
  const columns = sql.raw(
    'viewed_at, viewer_party_id, viewer_account, viewer_token_id, route, ' +
      'owner_party_id, record_ids',
  );
  await sql`create table access_log_copy (
      id integer primary key,
      viewed_at integer not null,
      viewer_party_id text not null,
      viewer_account text,
      viewer_token_id bigint,
      route text not null,
      owner_party_id text,
      record_ids text not null
    )`.execute(db);
  await sql`insert into access_log_copy (id, ${columns})
    select id, ${columns} from access_log order by id`.execute(db);
  // Dropping the table drops its triggers and its sqlite_sequence row.
  await sql`drop table access_log`.execute(db);
  await sql`alter table access_log_copy rename to access_log`.execute(db);
  await refuseRewritesOnSqlite(db, 'access_log');
}

/**
 * Failed logins, one row per failure and key (an account or an address),
 * so that every server process on the store counts the same failures and
 * a restart forgets none (see login-throttle.ts).
 */
function loginFailures(dialect: Dialect): Migration {
  const { time } = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('login_failure')
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('failed_at', time, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('login_failure_key_time')
        .on('login_failure')
        .columns(['key', 'failed_at'])
        .execute();
      await indexOn(db, 'login_failure', 'failed_at');
    },
  };
}

/**
 * All records newest first, whatever their device: a portfolio feed reads
 * the newest records of its window through it and keeps those on the
 * portfolio's devices, instead of reading every record of every device
 * (see listFeed in record-query.ts).
 */
async function recordTimeIndex(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('sat_record_time')
    .on('sat_record')
    .columns(['logged_at desc', 'id desc'])
    .execute();
}
