import assert from 'node:assert/strict';
import { after, it } from 'node:test';

import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import { LoginThrottle } from './login-throttle.ts';

after(releaseStores);

describeEachStore('the login throttle', (fresh) => {
  const policy = { maxFailures: 3, windowMs: 1000 };

  it('locks a key at the limit and frees it when the window has passed', async () => {
    const throttle = new LoginThrottle(await fresh(), policy);
    for (const at of [0, 100, 200]) {
      assert.equal(await throttle.isLocked(['user:a'], at), false);
      await throttle.fail(['user:a', 'ip:1'], at);
    }
    assert.equal(await throttle.isLocked(['user:a'], 300), true);
    assert.equal(await throttle.isLocked(['ip:1', 'user:b'], 300), true);
    assert.equal(await throttle.isLocked(['user:b', 'ip:2'], 300), false);
    assert.equal(await throttle.isLocked(['user:a'], 1001), false);
  });

  it('clearing a key forgets its failures', async () => {
    const throttle = new LoginThrottle(await fresh(), policy);
    await throttle.fail(['user:a'], 0);
    await throttle.fail(['user:a'], 0);
    await throttle.clear('user:a');
    await throttle.fail(['user:a'], 0);
    assert.equal(await throttle.isLocked(['user:a'], 0), false);
  });

  it('counts the failures of every throttle on the store, as of several processes or a restart', async () => {
    const store = await fresh();
    const first = new LoginThrottle(store, policy);
    await first.fail(['ip:9'], 10);
    await first.fail(['ip:9'], 20);
    const second = new LoginThrottle(store, policy);
    assert.equal(await second.isLocked(['ip:9'], 30), false);
    await second.fail(['ip:9'], 30);
    assert.equal(await first.isLocked(['ip:9'], 40), true);
    assert.equal(await second.isLocked(['ip:9'], 40), true);
  });

  it('deletes failures that no window counts any more as new ones come', async () => {
    const store = await fresh();
    const throttle = new LoginThrottle(store, policy);
    await throttle.fail(['user:old', 'ip:1'], 0);
    await throttle.fail(['user:new'], 5000);
    const keys = await store.db
      .selectFrom('login_failure')
      .select('key')
      .execute();
    assert.deepEqual(
      keys.map((row) => row.key),
      ['user:new'],
    );
  });
});
