import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';

import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';

import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import { appendAccessLog, listAccessLog } from './access-log-store.ts';
import { openStore, PAGE_BYTES } from './database.ts';
import { migrationProvider } from './migrations.ts';

after(releaseStores);

describeEachStore('opening a store', (fresh) => {
  it('creates every table on a new database', async () => {
    const store = await fresh();
    const tables = await store.db.introspection.getTables();
    const names = tables.map((t) => t.name);
    for (const table of [
      'sat_record',
      'sat_payload',
      'quarantine',
      'party',
      'dcc_user',
      'device',
      'registration',
      'credential',
    ]) {
      assert.ok(names.includes(table), `missing ${table}`);
    }
  });

  it('keeps epoch milliseconds beyond 2^31 exact', async () => {
    const store = await fresh();
    await store.db
      .insertInto('party')
      .values({ party_id: 'P1', name: 'One' })
      .execute();
    await store.db
      .insertInto('registration')
      .values({
        mpxn: '1234567890123',
        role: 'IS',
        party_id: 'P1',
        valid_from: 1_712_000_000_123,
        valid_to: null,
      })
      .execute();
    const row = await store.db
      .selectFrom('registration')
      .select('valid_from')
      .executeTakeFirstOrThrow();
    assert.equal(row.valid_from, 1_712_000_000_123);
  });
});

it('gives a new SQLite store 16 KiB pages, and opens an older store as it is', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'satview-pages-'));
  try {
    const fresh = await openStore({
      kind: 'sqlite',
      path: join(dir, 'new.db'),
    });
    assert.equal(
      fresh.sqlite?.pragma('page_size', { simple: true }),
      PAGE_BYTES,
    );
    await fresh.close();

    // A store made with SQLite's default 4 KiB pages, as before.
    const olderPath = join(dir, 'older.db');
    const older = new SqliteDatabase(olderPath);
    older.pragma('journal_mode = WAL');
    older.exec('create table kept (x integer)');
    older.close();
    const reopened = await openStore({ kind: 'sqlite', path: olderPath });
    assert.equal(reopened.sqlite?.pragma('page_size', { simple: true }), 4096);
    const tables = await reopened.db.introspection.getTables();
    assert.ok(tables.some((t) => t.name === 'sat_record'));
    await reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A SQLite store at `path` migrated as far as `migration` and no
 * further, as an older satview left it. */
async function sqliteStoreAt(
  path: string,
  migration: string,
): Promise<Kysely<unknown>> {
  const older = new Kysely<unknown>({
    dialect: new SqliteDialect({ database: new SqliteDatabase(path) }),
  });
  const migrator = new Migrator({
    db: older,
    provider: migrationProvider('sqlite'),
  });
  const { error } = await migrator.migrateTo(migration);
  assert.equal(error, undefined);
  return older;
}

it('moves an older SQLite store’s access log into the owner index it lists by', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'satview-owner-index-'));
  try {
    // A store migrated as far as the access log had its (owner, time)
    // index, holding three entries of two owners.
    const path = join(dir, 'older.db');
    const older = await sqliteStoreAt(path, '0005_snappy_payloads');
    for (const [at, owner] of [
      [1, 'ELEC01'],
      [2, 'OTHER'],
      [3, 'ELEC01'],
    ] as const) {
      await sql`insert into access_log (viewed_at, viewer_party_id,
        route, owner_party_id, record_ids)
        values (${at}, 'GAS02', '/api/feed', ${owner}, '7')`.execute(older);
    }
    await older.destroy();

    const store = await openStore({ kind: 'sqlite', path });
    try {
      const page = await listAccessLog(store, 'ELEC01', { limit: 10 });
      assert.deepEqual(
        page.entries.map((e) => e.viewedAt),
        [3, 1],
      );
      const indexed = await store.db
        .selectFrom('access_log_by_owner')
        .select(['owner_party_id', 'id'])
        .orderBy('id')
        .execute();
      assert.deepEqual(indexed, [
        { owner_party_id: 'ELEC01', id: 1 },
        { owner_party_id: 'OTHER', id: 2 },
        { owner_party_id: 'ELEC01', id: 3 },
      ]);
      const marker = await store.db
        .selectFrom('access_log_indexed')
        .select('upto')
        .executeTakeFirstOrThrow();
      assert.equal(marker.upto, 3);
      const indexes = store.sqlite
        ?.prepare("select name from sqlite_master where type = 'index'")
        .pluck()
        .all();
      assert.ok(!indexes?.includes('access_log_owner_time'));
      await assert.rejects(
        sql`delete from access_log_indexed`.execute(store.db),
        /keeps its row/,
      );
      await assert.rejects(
        sql`delete from access_log_by_owner`.execute(store.db),
        /append-only/,
      );
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('gives an older SQLite store’s access log plain rowids, keeping its rows and refusals', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'satview-access-rowid-'));
  try {
    // A store migrated as far as the owner index, its access log still
    // AUTOINCREMENT, holding two entries.
    const path = join(dir, 'older.db');
    const older = await sqliteStoreAt(path, '0006_access_log_by_owner');
    for (const at of [1, 2]) {
      await sql`insert into access_log (viewed_at, viewer_party_id,
        route, owner_party_id, record_ids)
        values (${at}, 'GAS02', '/api/feed', 'ELEC01', '7')`.execute(older);
    }
    await older.destroy();

    const store = await openStore({ kind: 'sqlite', path });
    try {
      const definition = store.sqlite
        ?.prepare("select sql from sqlite_master where name = 'access_log'")
        .pluck()
        .get();
      assert.match(String(definition), /id integer primary key,/);
      assert.doesNotMatch(String(definition), /autoincrement/i);
      await appendAccessLog(store, [
        {
          viewedAt: 3,
          viewerPartyId: 'GAS02',
          viewerAccount: null,
          viewerTokenId: 4,
          route: '/api/feed',
          ownerPartyId: 'ELEC01',
          recordIds: [8, 9],
        },
      ]);
      const page = await listAccessLog(store, 'ELEC01', { limit: 10 });
      assert.deepEqual(
        page.entries.map((e) => [e.id, e.viewedAt, e.recordIds]),
        [
          [3, 3, [8, 9]],
          [2, 2, [7]],
          [1, 1, [7]],
        ],
      );
      await assert.rejects(
        sql`delete from access_log where id = 3`.execute(store.db),
        /append-only/,
      );
      await assert.rejects(
        sql`update access_log set route = 'x'`.execute(store.db),
        /append-only/,
      );
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
