import assert from 'node:assert/strict';
import { after, it } from 'node:test';

import { sql } from 'kysely';

import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import {
  type AccessLogEntry,
  appendAccessLog,
  listAccessLog,
  type NewAccessLogEntry,
  OWNER_INDEX_BATCH_ROWS,
} from './access-log-store.ts';
import type { Store } from './database.ts';

after(releaseStores);

const T0 = 1_760_000_000_000;

function entry(overrides: Partial<NewAccessLogEntry> = {}): NewAccessLogEntry {
  return {
    viewedAt: T0,
    viewerPartyId: 'GAS02',
    viewerAccount: 'bob',
    viewerTokenId: null,
    route: '/api/devices/:deviceId/records',
    ownerPartyId: 'ELEC01',
    recordIds: [3, 1],
    ...overrides,
  };
}

/** Every entry of the owner's log, read page by page with the cursor. */
async function pageThrough(
  store: Store,
  limit: number,
): Promise<AccessLogEntry[]> {
  const seen: AccessLogEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAccessLog(store, 'ELEC01', { limit, cursor });
    seen.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return seen;
}

describeEachStore('the access log', (fresh) => {
  it('lists the views of a party’s records, newest first', async () => {
    const store = await fresh();
    await appendAccessLog(store, [
      entry(),
      entry({ viewedAt: T0 + 5, viewerAccount: null, viewerTokenId: 7 }),
      entry({ ownerPartyId: 'OTHER', recordIds: [9] }),
    ]);
    const page = await listAccessLog(store, 'ELEC01', { limit: 10 });
    assert.deepEqual(
      page.entries.map(({ id: _id, ...rest }) => rest),
      [
        entry({ viewedAt: T0 + 5, viewerAccount: null, viewerTokenId: 7 }),
        entry(),
      ],
    );
    assert.equal(page.nextCursor, null);
  });

  it('pages through entries of one instant, each once, newest id first', async () => {
    const store = await fresh();
    await appendAccessLog(store, [
      entry({ viewedAt: T0 + 1 }),
      ...[1, 2, 3, 4, 5].map((n) => entry({ recordIds: [n] })),
      entry({ viewedAt: T0 - 1 }),
    ]);
    const whole = await listAccessLog(store, 'ELEC01', { limit: 10 });
    assert.equal(whole.entries.length, 7);
    assert.deepEqual(
      (await pageThrough(store, 2)).map((e) => e.id),
      whole.entries.map((e) => e.id),
    );
    const tied = whole.entries.filter((e) => e.viewedAt === T0);
    assert.deepEqual(
      tied.map((e) => e.recordIds[0]),
      [5, 4, 3, 2, 1],
    );
  });

  it('pages with a cursor and filters by time', async () => {
    const store = await fresh();
    await appendAccessLog(
      store,
      [0, 1, 2, 3, 4].map((i) => entry({ viewedAt: T0 + i })),
    );
    const first = await listAccessLog(store, 'ELEC01', { limit: 2 });
    assert.deepEqual(
      first.entries.map((e) => e.viewedAt),
      [T0 + 4, T0 + 3],
    );
    const second = await listAccessLog(store, 'ELEC01', {
      limit: 2,
      cursor: first.nextCursor ?? '',
    });
    assert.deepEqual(
      second.entries.map((e) => e.viewedAt),
      [T0 + 2, T0 + 1],
    );
    const window = await listAccessLog(store, 'ELEC01', {
      limit: 10,
      from: T0 + 1,
      to: T0 + 3,
    });
    assert.deepEqual(
      window.entries.map((e) => e.viewedAt),
      [T0 + 2, T0 + 1],
    );
  });

  it('lists every entry, in order, whether the owner index holds it yet or not', async () => {
    const store = await fresh();
    // One append of a batch and more (the writer indexes them all), then
    // appends that leave a few rows unindexed; two owners interleaved.
    const owners = ['ELEC01', 'OTHER'];
    const batch = Array.from({ length: OWNER_INDEX_BATCH_ROWS + 4 }, (_, i) =>
      entry({ viewedAt: T0 + i, ownerPartyId: owners[i % 2], recordIds: [i] }),
    );
    await appendAccessLog(store, batch.slice(0, OWNER_INDEX_BATCH_ROWS + 1));
    for (const one of batch.slice(OWNER_INDEX_BATCH_ROWS + 1)) {
      await appendAccessLog(store, [one]);
    }
    if (store.dialect === 'sqlite') {
      assert.deepEqual(await ownerIndexState(store), {
        indexed: OWNER_INDEX_BATCH_ROWS + 1,
        upto: OWNER_INDEX_BATCH_ROWS + 1,
      });
    }
    const expected = batch
      .filter((e) => e.ownerPartyId === 'ELEC01')
      .map((e) => e.viewedAt)
      .reverse();
    const seen = await pageThrough(store, 500);
    assert.deepEqual(
      seen.map((e) => e.viewedAt),
      expected,
    );
    // A window across the rows indexed and not.
    const window = await listAccessLog(store, 'ELEC01', {
      limit: 10,
      from: T0 + OWNER_INDEX_BATCH_ROWS - 4,
      to: T0 + OWNER_INDEX_BATCH_ROWS + 4,
    });
    assert.deepEqual(
      window.entries.map((e) => e.viewedAt - T0 - OWNER_INDEX_BATCH_ROWS),
      [2, 0, -2, -4],
    );
  });

  it('refuses a cursor it did not give out', async () => {
    const store = await fresh();
    await assert.rejects(
      listAccessLog(store, 'ELEC01', { limit: 2, cursor: 'x' }),
      { code: 'SV_BAD_REQUEST' },
    );
  });

  it('the database refuses to update or delete an entry', async () => {
    const store = await fresh();
    await appendAccessLog(store, [entry()]);
    await assert.rejects(
      sql`update access_log set viewer_party_id = 'X'`.execute(store.db),
      /append-only/,
    );
    await assert.rejects(
      sql`delete from access_log`.execute(store.db),
      /append-only/,
    );
    const page = await listAccessLog(store, 'ELEC01', { limit: 10 });
    assert.equal(page.entries.length, 1);
  });
});

/** On SQLite: the rows in the owner index, and the id it is filled up to. */
async function ownerIndexState(store: Store) {
  const indexed = await store.db
    .selectFrom('access_log_by_owner')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const marker = await store.db
    .selectFrom('access_log_indexed')
    .select('upto')
    .executeTakeFirstOrThrow();
  return { indexed: Number(indexed.n), upto: Number(marker.upto) };
}
