import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { Store } from '../store/database.ts';
import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import type { PayloadView } from './payload-view.ts';
import { PayloadViewCache, payloadViewsOf } from './payload-view-cache.ts';
import type { RecordView } from './record-view.ts';
import { device, PRICE, requestIdText } from './scenario-fixtures.ts';
import { buildScenarioWorld, ESME1, NOW, TARIFF } from './scenario-world.ts';
import { listDeviceRecords } from './visibility-api.ts';

after(releaseStores);

function view(text: string): PayloadView {
  return { payload: { Body: { Leaf: text } }, withheld: ['Body/Other'] };
}

describe('PayloadViewCache', () => {
  it('keeps the full and the withheld view of a record apart', () => {
    const cache = new PayloadViewCache();
    cache.set(7, true, view('full'), 10);
    cache.set(7, false, view('withheld'), 10);
    assert.deepEqual(cache.get(7, true), view('full'));
    assert.deepEqual(cache.get(7, false), view('withheld'));
    assert.equal(cache.get(8, true), undefined);
  });

  it('hands out frozen views, to the depth of their leaves', () => {
    const cache = new PayloadViewCache();
    const kept = cache.set(1, false, view('a'), 10);
    assert.equal(cache.get(1, false), kept);
    assert.ok(Object.isFrozen(kept));
    assert.ok(Object.isFrozen(kept.withheld));
    const body = (kept.payload as { Body: { Leaf: string } }).Body;
    assert.throws(() => {
      body.Leaf = 'changed';
    }, TypeError);
  });

  it('drops the least recently used views beyond its budget of XML', () => {
    const cache = new PayloadViewCache(25);
    cache.set(1, false, view('one'), 10);
    cache.set(2, false, view('two'), 10);
    assert.ok(cache.get(1, false), 'reading 1 makes 2 the oldest');
    cache.set(3, false, view('three'), 10);
    assert.equal(cache.size, 2);
    assert.equal(cache.get(2, false), undefined);
    assert.ok(cache.get(1, false));
    assert.ok(cache.get(3, false));
  });

  it('does not keep a view whose XML alone exceeds the budget', () => {
    const cache = new PayloadViewCache(25);
    cache.set(1, false, view('one'), 10);
    const big = cache.set(2, false, view('big'), 26);
    assert.ok(Object.isFrozen(big));
    assert.equal(cache.get(2, false), undefined);
    assert.ok(cache.get(1, false), 'what was kept stays');
  });

  it('counts a record set twice once', () => {
    const cache = new PayloadViewCache(25);
    cache.set(1, false, view('one'), 10);
    cache.set(1, false, view('again'), 10);
    cache.set(2, false, view('two'), 10);
    assert.equal(cache.size, 2);
    assert.deepEqual(cache.get(1, false), view('again'));
  });
});

describeEachStore('record bodies through the view cache', (fresh) => {
  let store: Store;

  before(async () => {
    store = await fresh();
    await buildScenarioWorld(store);
  });

  async function tariffLeg(party: string): Promise<RecordView> {
    const page = await listDeviceRecords(
      store,
      { partyId: party },
      device(ESME1),
      { limit: 500 },
      NOW,
    );
    const leg = page?.records.find(
      (r) => r.requestId === requestIdText(TARIFF) && r.commandVariant === 4,
    );
    assert.ok(leg, `${party} sees the CV 4 leg of the tariff change`);
    return leg;
  }

  it('shows each viewer its own view however the views were asked for', async () => {
    // The gaining supplier first, so that the withheld view is kept
    // before the sender's full one is asked for, then both again.
    for (let pass = 1; pass <= 2; pass += 1) {
      const gaining = await tariffLeg('ELEC02');
      assert.ok(!JSON.stringify(gaining.payload).includes(PRICE), `${pass}`);
      assert.ok(gaining.withheld.some((path) => /Price/.test(path)));
      const sender = await tariffLeg('ELEC01');
      assert.ok(JSON.stringify(sender.payload).includes(PRICE), `${pass}`);
      assert.deepEqual(sender.withheld, []);
    }
  });

  it('reuses a computed body instead of computing it again', async () => {
    const first = await tariffLeg('ELEC02');
    const again = await tariffLeg('ELEC02');
    assert.equal(again.payload, first.payload);
    assert.ok(payloadViewsOf(store).get(first.id, false));
  });

  it('keeps views per store, as record ids repeat across stores', async () => {
    const other = await fresh();
    assert.notEqual(payloadViewsOf(other), payloadViewsOf(store));
    assert.equal(payloadViewsOf(other).size, 0);
  });
});
