/**
 * The store contract suite runs on every backend: SQLite always, and
 * PostgreSQL when SATVIEW_TEST_PG_URL names a server (CI starts one). Each
 * store a test asks for is fresh: a new SQLite file, or a new PostgreSQL
 * database that is dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'node:test';

import { loadConfig } from '../config/config.ts';
import { openStore, type Store } from '../store/database.ts';
import { createScratchDatabase } from '../store/scratch-database.ts';

export type StoreFactory = () => Promise<Store>;

/** A backend the suite runs on, and how to get a fresh store of it. */
interface Backend {
  readonly name: 'sqlite' | 'postgres';
  readonly skipReason: string | null;
  readonly fresh: StoreFactory;
}

const cleanups: Array<() => Promise<void>> = [];

/** Runs `suite` once for each backend, with a factory of fresh stores. */
export function describeEachStore(
  title: string,
  suite: (fresh: StoreFactory, backend: 'sqlite' | 'postgres') => void,
): void {
  for (const backend of backends()) {
    const options = backend.skipReason ? { skip: backend.skipReason } : {};
    describe(`${title} [${backend.name}]`, options, () => {
      suite(backend.fresh, backend.name);
    });
  }
}

function backends(): Backend[] {
  const url = loadConfig({}).testPostgresUrl;
  return [
    { name: 'sqlite', skipReason: null, fresh: freshSqlite },
    {
      name: 'postgres',
      skipReason: url
        ? null
        : 'SATVIEW_TEST_PG_URL is not set, so there is no PostgreSQL ' +
          'server to run on (CI sets it; see .ci/run)',
      fresh: () => freshPostgres(url ?? ''),
    },
  ];
}

/** A new SQLite store in a temporary folder, removed at exit. */
export async function freshSqlite(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'satview-test-'));
  const store = await openStore({ kind: 'sqlite', path: join(dir, 't.db') });
  cleanups.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

/** A new PostgreSQL database on the test server, dropped at exit. */
export async function freshPostgres(url: string): Promise<Store> {
  const scratch = await createScratchDatabase(url, 'satview_test');
  const store = await openStore({ kind: 'postgres', url: scratch.url });
  cleanups.push(async () => {
    await store.close();
    await scratch.drop();
  });
  return store;
}

/** Closes and removes every store handed out; call in an after() hook. */
export async function releaseStores(): Promise<void> {
  while (cleanups.length > 0) await cleanups.pop()?.();
}
