import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { statSync, unlinkSync } from 'node:fs';
import { after, it } from 'node:test';

import type { Store } from '../store/database.ts';
import { openStore } from '../store/database.ts';
import { writeRecords } from '../store/sat-record-writer.ts';
import { bareRecord } from '../testing/new-records.ts';
import { freshSqlite, releaseStores } from '../testing/test-stores.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

after(releaseStores);

// About 3 MB of log: far below the 1,000 pages at which the main
// connection would checkpoint by itself, so only the checkpointer can
// have moved it into the database file.
async function writeSomeRecords(store: Store): Promise<void> {
  const records = Array.from({ length: 3000 }, () => {
    const digest = randomBytes(32).toString('hex');
    const xml = `<x>${randomBytes(600).toString('base64')}</x>`;
    return bareRecord(digest, { xml });
  });
  await writeRecords(store, records);
}

function fileBytes(store: Store): number {
  return statSync(store.sqlite?.name ?? '').size;
}

function automaticCheckpoint(store: Store): number {
  return store.sqlite?.pragma('wal_autocheckpoint', { simple: true }) as number;
}

it('copies the log into the database file on its own thread when asked', async () => {
  const store = await freshSqlite();
  const before = fileBytes(store);
  const checkpointer = startWalCheckpointer(store);
  assert.ok(checkpointer !== null);
  assert.equal(automaticCheckpoint(store), 0);
  await writeSomeRecords(store);
  checkpointer.afterCommit();
  await checkpointer.close();
  assert.equal(checkpointer.stats.lastError, null);
  assert.equal(checkpointer.stats.completed, 1);
  assert.ok(
    fileBytes(store) > before + 2_000_000,
    `the file grew from ${before} to ${fileBytes(store)} bytes`,
  );
  assert.equal(automaticCheckpoint(store), 1000);
});

it('copies nothing unless asked', async () => {
  const store = await freshSqlite();
  const before = fileBytes(store);
  const checkpointer = startWalCheckpointer(store);
  await writeSomeRecords(store);
  await checkpointer?.close();
  assert.equal(checkpointer?.stats.completed, 0);
  assert.equal(fileBytes(store), before);
});

it('serves asks made while a checkpoint runs with one more after it', async () => {
  const store = await freshSqlite();
  const checkpointer = startWalCheckpointer(store);
  await writeSomeRecords(store);
  for (let i = 0; i < 5; i += 1) checkpointer?.afterCommit();
  await checkpointer?.close();
  assert.equal(checkpointer?.stats.completed, 2);
});

it('gives the main connection its checkpoints back when the thread fails', async () => {
  const store = await freshSqlite();
  // The worker opens the file by name and must find it: with the file
  // gone (the main connection keeps its open handle), it cannot start.
  unlinkSync(store.sqlite?.name ?? '');
  const checkpointer = startWalCheckpointer(store);
  checkpointer?.afterCommit();
  await checkpointer?.close();
  assert.match(checkpointer?.stats.lastError ?? '', /unable to open/i);
  assert.equal(automaticCheckpoint(store), 1000);
});

it('has nothing to do for a store without a log', async () => {
  const store = await openStore({ kind: 'sqlite', path: ':memory:' });
  try {
    assert.equal(startWalCheckpointer(store), null);
  } finally {
    await store.close();
  }
});
