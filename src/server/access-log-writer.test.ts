import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { listAccessLog } from '../store/access-log-store.ts';
import { freshSqlite, releaseStores } from '../testing/test-stores.ts';
import { AccessLogWriter } from './access-log-writer.ts';

after(releaseStores);

function entry(viewedAt: number) {
  return {
    viewedAt,
    viewerPartyId: 'GAS02',
    viewerAccount: 'bob',
    viewerTokenId: null,
    route: '/api/feed',
    ownerPartyId: 'ELEC01',
    recordIds: [viewedAt],
  };
}

describe('the access-log writer', () => {
  it('requests of one event-loop turn are committed together before any is answered', async () => {
    const store = await freshSqlite();
    const writer = new AccessLogWriter(store);
    const waiting = [1, 2, 3].map((at) => writer.append([entry(at)]));
    // When the first may be answered, all three are in the log.
    await waiting[0];
    const page = await listAccessLog(store, 'ELEC01', { limit: 10 });
    assert.deepEqual(
      page.entries.map((e) => e.viewedAt),
      [3, 2, 1],
    );
    await Promise.all(waiting);
  });

  it('a failed commit fails every request waiting on it', async () => {
    const store = await freshSqlite();
    const writer = new AccessLogWriter(store);
    await store.close();
    const results = await Promise.allSettled([
      writer.append([entry(1)]),
      writer.append([entry(2)]),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
  });

  it('nothing to log resolves at once', async () => {
    const writer = new AccessLogWriter(await freshSqlite());
    await writer.append([]);
  });
});
