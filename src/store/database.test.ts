import assert from 'node:assert/strict';
import { after, it } from 'node:test';

import { describeEachStore, releaseStores } from '../testing/test-stores.ts';

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
