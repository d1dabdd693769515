import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, it } from 'node:test';

import SqliteDatabase from 'better-sqlite3';

import type { Store } from '../store/database.ts';
import { compressText } from '../store/payload-codec.ts';
import { recordValues } from '../store/record-encoding.ts';
import { bareRecord } from '../testing/new-records.ts';
import { freshSqlite, releaseStores } from '../testing/test-stores.ts';
import type { TaskResult } from './ingest-task.ts';
import { RecordSink } from './record-sink.ts';

after(releaseStores);

let nextDigest = 0;

/** A parse task's result of `count` new records. */
function resultOf(count: number): TaskResult {
  const records = Array.from({ length: count }, () =>
    bareRecord((nextDigest += 1).toString(16).padStart(64, '0')),
  );
  const payloads = records.map((record) => compressText(record.xml));
  const ends: number[] = [];
  let end = 0;
  for (const payload of payloads) ends.push((end += payload.byteLength));
  return {
    values: records.map(recordValues),
    payloads: Buffer.concat(payloads),
    payloadEnds: ends,
    refused: [],
    messages: count,
  };
}

function countOn(db: SqliteDatabase.Database): number {
  return db.prepare('select count(*) from sat_record').pluck().get() as number;
}

/** Waits until the writer's own connection sees `count` records. */
async function untilInserted(store: Store, count: number): Promise<void> {
  const db = store.sqlite as SqliteDatabase.Database;
  for (let waited = 0; countOn(db) < count; waited += 10) {
    if (waited > 5000) throw new Error(`never saw ${count} records`);
    await sleep(10);
  }
}

it('on SQLite inserts records as they arrive and commits whole batches', async () => {
  const store = await freshSqlite();
  const other = new SqliteDatabase(store.sqlite?.name ?? '');
  try {
    let commits = 0;
    const sink = new RecordSink(store, 10, () => (commits += 1));
    await sink.add(resultOf(25));
    await untilInserted(store, 25);
    assert.equal(commits, 2);
    assert.equal(countOn(other), 20, 'two batches committed, five open');
    const counts = await sink.close();
    assert.equal(commits, 3);
    assert.equal(countOn(other), 25);
    assert.equal(counts.accepted, 25);
    assert.equal(store.sqlite?.inTransaction, false);
  } finally {
    other.close();
  }
});

it('undoes only the open batch when abandoned, and lets go of the connection', async () => {
  const store = await freshSqlite();
  const sink = new RecordSink(store, 10);
  await sink.add(resultOf(15));
  await untilInserted(store, 15);
  await sink.abandon();
  assert.equal(store.sqlite?.inTransaction, false);
  assert.equal(countOn(store.sqlite as SqliteDatabase.Database), 10);
  await assert.rejects(sink.add(resultOf(1)), /abandoned/);
});

it('fails every later call once a write has failed', async () => {
  const store = await freshSqlite();
  const sink = new RecordSink(store, 10);
  // Someone else's transaction on the connection: the sink must not join it.
  store.sqlite?.exec('begin');
  await sink.add(resultOf(3));
  await assert.rejects(sink.close(), /within a transaction/);
  await assert.rejects(sink.add(resultOf(1)), /within a transaction/);
  store.sqlite?.exec('rollback');
});
