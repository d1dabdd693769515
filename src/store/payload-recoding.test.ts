import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { brotliCompressSync, deflateRawSync } from 'node:zlib';

import type { Kysely } from 'kysely';

import { bareRecord } from '../testing/new-records.ts';
import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import { decompressText } from './payload-codec.ts';
import { recodeOlderPayloads } from './payload-recoding.ts';
import { writeRecords } from './sat-record-writer.ts';
import type { Store } from './database.ts';

after(releaseStores);

/** Stores two records, then overwrites their payloads in older codecs. */
async function storeInOlderCodecs(store: Store, texts: string[]) {
  await writeRecords(
    store,
    texts.map((xml, i) => bareRecord(String(i).repeat(64), { xml })),
  );
  const ids = await store.db
    .selectFrom('sat_payload')
    .select('record_id')
    .orderBy('record_id')
    .execute();
  const older = [brotliCompressSync, deflateRawSync];
  for (const [i, { record_id }] of ids.entries()) {
    const encode = older[i % older.length] as (input: Buffer) => Buffer;
    await store.db
      .updateTable('sat_payload')
      .set({ xml: encode(Buffer.from(texts[i] as string)) })
      .where('record_id', '=', record_id)
      .execute();
  }
  return ids.map((row) => row.record_id);
}

async function storedTexts(store: Store): Promise<string[]> {
  const rows = await store.db
    .selectFrom('sat_payload')
    .select('xml')
    .orderBy('record_id')
    .execute();
  return rows.map((row) => decompressText(row.xml));
}

describeEachStore('re-encoding payloads of older stores', (fresh, backend) => {
  // As Kysely's migrator runs it: in a transaction on PostgreSQL, which
  // has transactional DDL, and on the bare connection on SQLite.
  // A migration sees the database untyped, as of its own time.
  const migrate = (store: Store) => {
    const db = store.db as unknown as Kysely<unknown>;
    return backend === 'postgres'
      ? db.transaction().execute((trx) => recodeOlderPayloads(trx))
      : recodeOlderPayloads(db);
  };

  it('turns Brotli and deflate payloads into ones the codec reads', async () => {
    const store = await fresh();
    const texts = ['<a>é\r\n</a>', '<b>' + 'x'.repeat(5000) + '</b>'];
    await storeInOlderCodecs(store, texts);
    await migrate(store);
    assert.deepEqual(await storedTexts(store), texts);
  });

  it('names the record it cannot read and changes nothing', async () => {
    const store = await fresh();
    const texts = ['<a/>', '<b/>'];
    const ids = await storeInOlderCodecs(store, texts);
    const before = await store.db
      .selectFrom('sat_payload')
      .select('xml')
      .orderBy('record_id')
      .execute();
    await store.db
      .updateTable('sat_payload')
      .set({ xml: Buffer.from('not compressed at all') })
      .where('record_id', '=', ids[1] as number)
      .execute();
    await assert.rejects(
      migrate(store),
      new RegExp(`record ${ids[1]} is neither Brotli nor deflate`),
    );
    const after = await store.db
      .selectFrom('sat_payload')
      .select('xml')
      .orderBy('record_id')
      .execute();
    assert.deepEqual(after[0]?.xml, before[0]?.xml);
  });
});
