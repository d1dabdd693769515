import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';

import SqliteDatabase from 'better-sqlite3';

import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import { openStore, PAGE_BYTES } from './database.ts';

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
