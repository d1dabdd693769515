import assert from 'node:assert/strict';
import { after, it } from 'node:test';

import { loadWorld } from '../demo/demo-loader.ts';
import { tour } from '../demo/demo-tour.ts';
import { createWorld, DEFAULT_TODAY } from '../demo/demo-world.ts';
import { parseEui64 } from '../domain/eui64.ts';
import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import { listDeviceRecords } from '../visibility/visibility-api.ts';
import { createDemoAccounts, DEMO_PASSWORD } from './demo-setup.ts';
import { logIn, testServer } from './test-server.ts';

after(releaseStores);

describeEachStore('the API over each store', (fresh) => {
  it('a gaining supplier reads a device, and the losing supplier sees it in its access log', async () => {
    const store = await fresh();
    const world = createWorld({ premises: 6, days: 150, today: DEFAULT_TODAY });
    await loadWorld(store, world, { batchSize: 5000, maxBytes: 1 << 20 });
    const logins = await createDemoAccounts(store, world);
    const app = await testServer(store, { now: () => world.today });
    const change = tour(world).find((c) => c.id === 'change-of-supplier');
    assert.ok(change);
    const gaining = await logIn(app, 'gaining', DEMO_PASSWORD);
    const losing = await logIn(app, 'losing', DEMO_PASSWORD);

    const url = `/api/devices/${change.deviceId}/records?limit=500`;
    for (let read = 0; read < 2; read += 1) {
      const response = await app.inject({ url, headers: gaining.headers });
      assert.equal(response.statusCode, 200);
      const expected = await listDeviceRecords(
        store,
        { partyId: change.viewAs },
        parseEui64(change.deviceId),
        { limit: 500 },
        world.today,
      );
      assert.deepEqual(response.json(), JSON.parse(JSON.stringify(expected)));
    }

    const log = await app.inject({
      url: '/api/access-log',
      headers: losing.headers,
    });
    const entries = log.json().entries;
    assert.equal(entries.length, 2);
    assert.equal(entries[0].viewerPartyId, change.viewAs);
    assert.ok(logins.some((l) => l.party === change.losingParty));
  });
});
