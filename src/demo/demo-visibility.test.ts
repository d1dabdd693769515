/**
 * The tour's cases, loaded into a store and read through the visibility
 * rule (the same functions the API and `satview query` call): each viewer
 * sees what the tour promises.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';

import { parseEui64 } from '../domain/eui64.ts';
import type { Store } from '../store/database.ts';
import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import {
  listDeviceRecords,
  listPendingCommands,
} from '../visibility/visibility-api.ts';
import type { RecordView } from '../visibility/record-view.ts';
import { loadWorld } from './demo-loader.ts';
import { type TourCase, tour } from './demo-tour.ts';
import { createWorld } from './demo-world.ts';

after(releaseStores);

const TODAY = Date.UTC(2026, 2, 10);
const world = createWorld({ premises: 8, seed: 'tour', today: TODAY });
const cases = new Map(tour(world).map((c) => [c.id, c]));

function tourCase(id: TourCase['id']): TourCase {
  const found = cases.get(id);
  assert.ok(found, `the tour has ${id}`);
  return found;
}

describeEachStore('the demo tour, as each party sees it', (fresh) => {
  let store: Store;

  before(async () => {
    store = await fresh();
    const summary = await loadWorld(store, world, {
      batchSize: 5000,
      maxBytes: 1024 * 1024,
    });
    assert.equal(summary.quarantined, 0);
    assert.equal(summary.references.quarantined, 0);
  });

  async function recordsOf(partyId: string, c: TourCase) {
    const page = await listDeviceRecords(
      store,
      { partyId },
      parseEui64(c.deviceId),
      { limit: 500 },
      TODAY,
    );
    return page?.records ?? null;
  }

  it('shows the gaining supplier the losing supplier’s tariff update without its prices', async () => {
    const c = tourCase('change-of-supplier');
    const records = await recordsOf(c.viewAs, c);
    assert.ok(records);
    const tariffs = records.filter(
      (r) =>
        r.sender.partyId === c.losingParty &&
        r.kind === 'request' &&
        (r.srv === '1.1.1' || r.srv === '1.2.1'),
    );
    assert.ok(tariffs.length > 0, 'the losing supplier’s tariff updates');
    for (const record of tariffs) {
      assert.equal(record.visibility.basis, 'responsible-supplier');
      assert.ok(record.withheld.length > 0, 'something is withheld');
      assert.doesNotMatch(
        JSON.stringify(record.payload),
        /StandingCharge":"\d/,
      );
    }
  });

  it('shows the gaining supplier the commands the losing one left pending', async () => {
    const c = tourCase('change-of-supplier');
    const pending = await listPendingCommands(
      store,
      { partyId: c.viewAs },
      parseEui64(c.deviceId),
      TODAY,
    );
    assert.ok(pending);
    const left = pending.filter((t) => t.sender.partyId === c.losingParty);
    assert.ok(left.length > 0, 'a pending command of the losing supplier');
    assert.ok(left.some((t) => Date.parse(t.executionAt ?? '') > TODAY));
  });

  it('shows the losing supplier only its own traffic', async () => {
    const c = tourCase('change-of-supplier');
    const records = await recordsOf(c.losingParty ?? '', c);
    assert.ok(records && records.length > 0);
    assertOnlyOwn(records, c.losingParty ?? '');
  });

  it('shows both suppliers of a dual-fuel hub all of its traffic', async () => {
    const c = tourCase('dual-fuel-hub');
    for (const partyId of [c.viewAs, c.alsoViewAs ?? '']) {
      const records = await recordsOf(partyId, c);
      assert.ok(records && records.length > 0, partyId);
      const bases = new Set(
        records
          .filter((r) => r.sender.partyId !== partyId)
          .map((r) => r.visibility.basis),
      );
      assert.deepEqual([...bases], ['responsible-supplier']);
    }
  });

  it('shows the adopting network operator the old one’s 6.15.1', async () => {
    const c = tourCase('network-operator-change');
    const records = await recordsOf(c.viewAs, c);
    assert.ok(records);
    const update = records.find(
      (r) => r.srv === '6.15.1' && r.sender.partyId === c.losingParty,
    );
    assert.equal(update?.visibility.basis, 'network-operator');
    assertOnlyOwn(
      (await recordsOf(c.losingParty ?? '', c)) ?? [],
      c.losingParty ?? '',
    );
  });

  it('shows an Other User only its own requests', async () => {
    const c = tourCase('other-user');
    const records = await recordsOf(c.viewAs, c);
    assert.ok(records && records.length > 0);
    assertOnlyOwn(records, c.viewAs);
  });

  it('lets the registered distributor stand in on a SMETS1 meter', async () => {
    const c = tourCase('smets1-meter');
    const records = await recordsOf(c.viewAs, c);
    assert.ok(records && records.length > 0);
    assert.ok(records.some((r) => r.visibility.basis === 'network-operator'));
  });

  it('shows a party with no relation to a device nothing at all', async () => {
    const c = tourCase('change-of-supplier');
    assert.equal(await recordsOf('WATTLY', c), null);
  });
});

function assertOnlyOwn(records: readonly RecordView[], partyId: string): void {
  for (const record of records) {
    assert.equal(record.sender.partyId, partyId);
    assert.equal(record.visibility.basis, 'own');
  }
}
