import assert from 'node:assert/strict';
import { after, it } from 'node:test';

import { sql } from 'kysely';

import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import {
  appendAccessLog,
  listAccessLog,
  type NewAccessLogEntry,
} from './access-log-store.ts';

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
