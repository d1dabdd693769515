import assert from 'node:assert/strict';
import { after, it } from 'node:test';

import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import {
  countQuarantine,
  listQuarantine,
  quarantine,
} from './quarantine-store.ts';

after(releaseStores);

const entry = (content: string, source = 'in/a.xml') => ({
  source,
  code: 'SV_DUIS_REFUSED',
  reason: 'not DUIS',
  content,
});

describeEachStore('the quarantine', (fresh) => {
  it('keeps refused input with its source, code, reason and content', async () => {
    const store = await fresh();
    const added = await quarantine(store, [entry('<broken', 'x.ndjson:3')]);
    assert.equal(added, 1);
    const [listed] = await listQuarantine(store, { limit: 10 });
    assert.ok(listed);
    assert.equal(listed.source, 'x.ndjson:3');
    assert.equal(listed.code, 'SV_DUIS_REFUSED');
    assert.equal(listed.reason, 'not DUIS');
    assert.equal(listed.content, '<broken');
    assert.ok(Math.abs(listed.quarantinedAt - Date.now()) < 60_000);
  });

  it('adds nothing when the same content is quarantined again', async () => {
    const store = await fresh();
    assert.equal(await quarantine(store, [entry('a'), entry('b')]), 2);
    assert.equal(await quarantine(store, [entry('a', 'other'), entry('c')]), 1);
    assert.equal(await quarantine(store, [entry('d'), entry('d')]), 1);
    assert.equal(await countQuarantine(store), 4);
  });

  it('lists newest first, a page at a time', async () => {
    const store = await fresh();
    const many = Array.from({ length: 1_200 }, (_, i) => entry(`m${i}`));
    assert.equal(await quarantine(store, many), 1_200);
    const first = await listQuarantine(store, { limit: 2 });
    assert.deepEqual(
      first.map((e) => e.content),
      ['m1199', 'm1198'],
    );
    const next = await listQuarantine(store, { limit: 1, offset: 2 });
    assert.equal(next[0]?.content, 'm1197');
  });
});
