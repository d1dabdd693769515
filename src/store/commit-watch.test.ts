import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { setTimeout } from 'node:timers/promises';

import SqliteDatabase from 'better-sqlite3';

import { CommitWatch, REUSE_MS } from './commit-watch.ts';
import { openStore } from './database.ts';

const dir = mkdtempSync(join(tmpdir(), 'satview-commit-watch-'));
after(() => rmSync(dir, { recursive: true, force: true }));

it("changes when another connection commits, and not for the store's own", async () => {
  const path = join(dir, 'watched.db');
  const store = await openStore({ kind: 'sqlite', path });
  const other = new SqliteDatabase(path);
  try {
    const watch = new CommitWatch(store);
    const first = watch.version();
    assert.equal(typeof first, 'number');
    store.sqlite?.exec('create table own_write (x)');
    await setTimeout(REUSE_MS + 1);
    assert.equal(watch.version(), first);
    other.exec('create table foreign_write (x)');
    await setTimeout(REUSE_MS + 1);
    assert.notEqual(watch.version(), first);
  } finally {
    other.close();
    await store.close();
  }
});
