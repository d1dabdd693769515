import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';

import type { Store } from '../store/database.ts';
import { writeRecords } from '../store/sat-record-writer.ts';
import { bareRecord } from '../testing/new-records.ts';
import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import type {
  RecordFilter,
  RecordPage,
  RecordView,
  Viewer,
} from './record-view.ts';
import {
  device,
  type Exchange,
  PRICE,
  requestIdText,
  t,
} from './scenario-fixtures.ts';
import {
  buildScenarioWorld,
  CHF1,
  ELEC_CHF,
  ELEC_PPMID,
  ES_READ,
  ESME1,
  ESME2,
  EV_READ,
  EXECUTED_TARIFF,
  GAINING_READ,
  GAS_CHF,
  GAS_READ,
  GSME1,
  MPAN1,
  NO_READ,
  NOW,
  OU_READ,
  PENDING_TARIFF,
  PPMID1,
  REJECTED,
  SMETS1_READ,
  TARIFF,
} from './scenario-world.ts';
import {
  countSrvs,
  explainDevice,
  getThread,
  listDeviceRecords,
  listFeed,
  listMpxnRecords,
  listPendingCommands,
  resolveSearch,
} from './visibility-api.ts';

after(releaseStores);

const as = (partyId: string): Viewer => ({ partyId });

async function allRecords(
  store: Store,
  party: string,
  deviceId: string,
  at = NOW,
): Promise<RecordView[] | null> {
  const page = await listDeviceRecords(
    store,
    as(party),
    device(deviceId),
    { limit: 500 },
    at,
  );
  return page === null ? null : [...page.records];
}

/** Every record of a listing, read page by page with its cursor. */
async function pageThrough(
  list: (filter: RecordFilter) => Promise<RecordPage | null>,
  limit: number,
): Promise<RecordView[]> {
  const paged: RecordView[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit, cursor, includePayload: false });
    paged.push(...(page?.records ?? []));
    cursor = page?.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return paged;
}

function requestIds(records: readonly RecordView[]): Set<string | null> {
  return new Set(records.map((r) => r.requestId));
}

describeEachStore('the visibility rule', (fresh) => {
  let store: Store;

  before(async () => {
    store = await fresh();
    await buildScenarioWorld(store);
  });

  it("shows the gaining supplier the losing supplier's 1.1.1 tariff update without its prices", async () => {
    const records = (await allRecords(store, 'ELEC02', ESME1)) ?? [];
    const tariff = records.filter(
      (r) => r.requestId === requestIdText(TARIFF) && r.kind === 'request',
    );
    assert.equal(tariff.length, 2, 'the CV 4 and CV 5 legs');
    for (const leg of tariff) {
      assert.equal(leg.visibility.basis, 'responsible-supplier');
      assert.deepEqual(leg.visibility.interval, {
        from: '2024-06-01T00:00:00.000Z',
        to: null,
      });
      assert.equal(leg.sender.partyId, 'ELEC01');
      assert.ok(!JSON.stringify(leg.payload).includes(PRICE));
    }
    const cv4 = tariff.find((r) => r.commandVariant === 4);
    assert.ok(cv4?.withheld.some((path) => /Price/.test(path)));
  });

  it('lets the losing supplier keep only its own traffic, prices included', async () => {
    const records = (await allRecords(store, 'ELEC01', ESME1)) ?? [];
    assert.ok(records.length > 0);
    assert.ok(records.every((r) => r.visibility.basis === 'own'));
    const ids = requestIds(records);
    assert.ok(ids.has(requestIdText(TARIFF)));
    assert.ok(!ids.has(requestIdText(GAINING_READ)));
    assert.ok(!ids.has(requestIdText(NO_READ)));
    const cv4 = records.find(
      (r) => r.requestId === requestIdText(TARIFF) && r.commandVariant === 4,
    );
    assert.ok(JSON.stringify(cv4?.payload).includes(PRICE));
    assert.deepEqual(cv4?.withheld, []);
  });

  it('shows a device to the Network Operator holding its credential, not to the registered distributor', async () => {
    const records = (await allRecords(store, 'DNO01', ESME1)) ?? [];
    const ids = requestIds(records);
    for (const e of [TARIFF, GAINING_READ, OU_READ, EV_READ]) {
      assert.ok(ids.has(requestIdText(e)));
    }
    assert.ok(
      records
        .filter((r) => r.sender.partyId !== 'DNO01')
        .every((r) => r.visibility.basis === 'network-operator'),
    );
    assert.equal(await allRecords(store, 'DNO03', ESME1), null);
  });

  it('lets the registered distributor or transporter stand in where a device has no credential data', async () => {
    const smets1 = (await allRecords(store, 'DNO02', ESME2)) ?? [];
    assert.ok(requestIds(smets1).has(requestIdText(SMETS1_READ)));
    assert.equal(smets1[0]?.visibility.basis, 'network-operator');
    const chf = (await allRecords(store, 'DNO03', CHF1)) ?? [];
    assert.ok(requestIds(chf).has(requestIdText(GAS_CHF)));
    const gas = (await allRecords(store, 'GT01', GSME1)) ?? [];
    assert.ok(requestIds(gas).has(requestIdText(GAS_READ)));
  });

  it('shows an Other User and an Export Supplier only their own traffic', async () => {
    const ou = (await allRecords(store, 'OU01', ESME1)) ?? [];
    assert.deepEqual(
      requestIds(ou),
      new Set([requestIdText(OU_READ), requestIdText(REJECTED)]),
    );
    const es = (await allRecords(store, 'EXP01', ESME1)) ?? [];
    assert.deepEqual(requestIds(es), new Set([requestIdText(ES_READ)]));
    assert.equal(await allRecords(store, 'OU01', GSME1), null);
  });

  it('shows a dual-fuel CHF in full to both suppliers', async () => {
    for (const party of ['ELEC02', 'GAS01']) {
      const records = (await allRecords(store, party, CHF1)) ?? [];
      const ids = requestIds(records);
      assert.ok(ids.has(requestIdText(GAS_CHF)), party);
      assert.ok(ids.has(requestIdText(ELEC_CHF)), party);
    }
  });

  it('reaches a PPMID through its HAN link to the meter', async () => {
    const records = (await allRecords(store, 'ELEC02', PPMID1)) ?? [];
    assert.ok(requestIds(records).has(requestIdText(ELEC_PPMID)));
    assert.equal(records[0]?.visibility.basis, 'responsible-supplier');
    assert.equal(await allRecords(store, 'GAS01', PPMID1), null);
  });

  it('lets a role added through roles.csv see its own traffic', async () => {
    const records = (await allRecords(store, 'EV01', ESME1)) ?? [];
    assert.deepEqual(requestIds(records), new Set([requestIdText(EV_READ)]));
    assert.equal(records[0]?.sender.role, 'EV');
  });

  it('gives a viewer with no relation to a device nothing at all', async () => {
    const nobody = as('NOBODY');
    for (const id of [ESME1, GSME1, CHF1, PPMID1, ESME2]) {
      assert.equal(await allRecords(store, 'NOBODY', id), null);
      assert.equal(
        await listPendingCommands(store, nobody, device(id), NOW),
        null,
      );
      assert.equal(await explainDevice(store, nobody, device(id), NOW), null);
      assert.deepEqual(await resolveSearch(store, nobody, id, NOW), []);
    }
    assert.equal(
      await getThread(store, nobody, requestIdText(TARIFF), NOW),
      null,
    );
    assert.equal(await listMpxnRecords(store, nobody, MPAN1, {}, NOW), null);
    assert.deepEqual(await resolveSearch(store, nobody, MPAN1, NOW), []);
    assert.deepEqual((await listFeed(store, nobody, {}, NOW)).records, []);
    const window = { from: t('2024-01-01'), to: t('2025-01-01') };
    assert.deepEqual(
      await countSrvs(store, nobody, { ...window, bucket: 'month' }, NOW),
      [],
    );
  });

  it('refuses an unknown viewer party', async () => {
    await assert.rejects(
      listDeviceRecords(store, as('GHOST'), device(ESME1), {}, NOW),
      (error: Error & { code?: string }) => error.code === 'SV_PARTY_UNKNOWN',
    );
  });

  it('lists the pending future-dated commands the losing supplier left', async () => {
    const pending =
      (await listPendingCommands(store, as('ELEC02'), device(ESME1), NOW)) ??
      [];
    assert.deepEqual(
      pending.map((p) => p.requestId),
      [requestIdText(PENDING_TARIFF)],
    );
    assert.equal(pending[0]?.sender.partyId, 'ELEC01');
    assert.equal(pending[0]?.executionAt, '2024-07-01T00:00:00.000Z');
    const later = t('2024-07-05T00:00:00Z');
    const stillWaiting = await listPendingCommands(
      store,
      as('ELEC02'),
      device(ESME1),
      later,
    );
    assert.equal(stillWaiting?.length, 1);
    const muchLater = t('2024-08-15T00:00:00Z');
    const expired = await getThread(
      store,
      as('ELEC02'),
      requestIdText(PENDING_TARIFF),
      muchLater,
    );
    assert.equal(expired?.status, 'expired');
  });

  it('derives thread status from its records', async () => {
    const viewer = as('ELEC02');
    const status = async (e: Exchange) =>
      (await getThread(store, viewer, requestIdText(e), NOW))?.status;
    assert.equal(await status(TARIFF), 'completed');
    assert.equal(await status(EXECUTED_TARIFF), 'completed');
    assert.equal(await status(PENDING_TARIFF), 'pending-execution');
    assert.equal(await status(REJECTED), 'rejected');
    const thread = await getThread(store, viewer, requestIdText(TARIFF), NOW);
    assert.deepEqual(
      thread?.records.map(
        (r) => `${r.kind}:${r.commandVariant ?? r.responseCode}`,
      ),
      [
        'request:4',
        'response:I0',
        'request:5',
        'acknowledgement:I99',
        'response:I0',
      ],
    );
  });

  it('feeds a supplier the traffic other parties sent to its devices', async () => {
    const feed = await listFeed(store, as('ELEC02'), { limit: 500 }, NOW);
    const ids = requestIds(feed.records);
    for (const e of [TARIFF, NO_READ, OU_READ, GAS_CHF, ELEC_PPMID]) {
      assert.ok(ids.has(requestIdText(e)));
    }
    assert.ok(!ids.has(requestIdText(GAINING_READ)), 'own traffic');
    assert.ok(!ids.has(requestIdText(GAS_READ)), 'not its device');
    assert.ok(!ids.has(requestIdText(SMETS1_READ)), 'not its device');
  });

  it('pages newest first with an opaque cursor and applies the filters', async () => {
    const all = (await allRecords(store, 'ELEC02', ESME1)) ?? [];
    const paged = await pageThrough(
      (filter) =>
        listDeviceRecords(store, as('ELEC02'), device(ESME1), filter, NOW),
      3,
    );
    assert.deepEqual(
      paged.map((r) => r.id),
      all.map((r) => r.id),
    );
    const times = all.map((r) => r.loggedAt);
    assert.deepEqual(times, [...times].sort().reverse());
    const filtered = async (filter: object) =>
      (
        await listDeviceRecords(
          store,
          as('ELEC02'),
          device(ESME1),
          { limit: 500, ...filter },
          NOW,
        )
      )?.records ?? [];
    const tariffs = await filtered({ srv: '1.1.1', kind: 'request' });
    assert.equal(tariffs.length, 6);
    const byOu = await filtered({ senderRole: 'OU' });
    assert.deepEqual(
      requestIds(byOu),
      new Set([requestIdText(OU_READ), requestIdText(REJECTED)]),
    );
    const failures = await filtered({ outcome: 'failure' });
    assert.deepEqual(
      failures.map((r) => r.responseCode),
      ['E4'],
    );
    const window = await filtered({
      from: t('2024-04-01T00:00:00Z'),
      to: t('2024-04-03T00:00:00Z'),
      kind: 'request',
    });
    assert.deepEqual(
      requestIds(window),
      new Set([requestIdText(NO_READ), requestIdText(OU_READ)]),
    );
    await assert.rejects(
      filtered({ limit: 501 }),
      (error: Error & { code?: string }) => error.code === 'SV_BAD_REQUEST',
    );
  });

  it('answers an MPxN with the records of every device serving it', async () => {
    const page = await listMpxnRecords(
      store,
      as('ELEC02'),
      MPAN1,
      { limit: 500 },
      NOW,
    );
    const devices = new Set(page?.records.map((r) => r.deviceId));
    assert.deepEqual(devices, new Set([ESME1, CHF1, PPMID1]));
  });

  it('counts SRVs by month over what the viewer may see', async () => {
    const counts = await countSrvs(
      store,
      as('EXP01'),
      {
        deviceId: device(ESME1),
        from: t('2024-01-01'),
        to: t('2025-01-01'),
        bucket: 'month',
      },
      NOW,
    );
    assert.deepEqual(counts, [{ bucket: '2024-04', srv: '11.2', count: 3 }]);
  });

  it('finds a device, an MPxN and a Request ID the viewer may see', async () => {
    const viewer = as('ELEC02');
    const [hit] = await resolveSearch(store, viewer, '00db120000000004', NOW);
    assert.equal(hit?.kind, 'device');
    assert.equal(hit?.deviceType, 'PPMID');
    const mpxn = await resolveSearch(store, viewer, MPAN1, NOW);
    assert.deepEqual(
      mpxn.map((h) => h.kind),
      ['mpxn', 'device', 'device', 'device'],
    );
    const [request] = await resolveSearch(
      store,
      viewer,
      requestIdText(TARIFF).toLowerCase(),
      NOW,
    );
    assert.equal(request?.requestId, requestIdText(TARIFF));
  });

  it('explains who was responsible when, and why the viewer sees what it sees', async () => {
    const why = await explainDevice(store, as('ELEC02'), device(PPMID1), NOW);
    assert.equal(why?.viewer.basis, 'responsible-supplier');
    assert.match(why?.viewer.explanation ?? '', /HAN link/);
    const suppliers = why?.responsibility.filter(
      (p) => p.role === 'responsible-supplier',
    );
    assert.deepEqual(
      suppliers?.map((p) => [p.partyId, p.from, p.to]),
      [
        ['ELEC01', '2024-01-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z'],
        ['ELEC02', '2024-06-01T00:00:00.000Z', null],
      ],
    );
    assert.ok(why?.installation.some((m) => m.deviceId === CHF1));
    const own = await explainDevice(store, as('ELEC01'), device(ESME1), NOW);
    assert.equal(own?.viewer.basis, 'own');
    assert.deepEqual(
      new Set(own?.responsibility.map((p) => p.partyId)),
      new Set(['ELEC01']),
    );
    assert.deepEqual(own?.installation, []);
  });
});

describeEachStore('paging through records logged at one instant', (fresh) => {
  let store: Store;
  const TIED = 7;

  before(async () => {
    store = await fresh();
    await buildScenarioWorld(store);
    const at = t('2024-06-10T09:00:00Z');
    await writeRecords(
      store,
      Array.from({ length: TIED }, (_, i) =>
        bareRecord(`tied-${i}`, { deviceId: device(ESME1), loggedAt: at }),
      ),
    );
  });

  it('gives every record once, newest first and by id within the instant', async () => {
    const lists = {
      device: (filter: RecordFilter) =>
        listDeviceRecords(store, as('ELEC02'), device(ESME1), filter, NOW),
      feed: (filter: RecordFilter) =>
        listFeed(store, as('ELEC02'), filter, NOW),
    };
    for (const [name, list] of Object.entries(lists)) {
      const whole = (await list({ limit: 500, includePayload: false }))
        ?.records;
      assert.ok(whole !== undefined && whole.length > TIED, name);
      assert.deepEqual(
        (await pageThrough(list, 2)).map((r) => r.id),
        whole.map((r) => r.id),
        name,
      );
      const tied = whole.filter(
        (r) => r.loggedAt === '2024-06-10T09:00:00.000Z',
      );
      assert.equal(tied.length, TIED, name);
      const ids = tied.map((r) => r.id);
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => b - a),
        name,
      );
    }
  });
});
