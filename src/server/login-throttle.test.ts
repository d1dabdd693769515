import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { LoginThrottle } from './login-throttle.ts';

describe('the login throttle', () => {
  const policy = { maxFailures: 3, windowMs: 1000 };

  it('locks a key at the limit and frees it when the window has passed', () => {
    const throttle = new LoginThrottle(policy);
    for (const at of [0, 100, 200]) {
      assert.equal(throttle.isLocked(['user:a'], at), false);
      throttle.fail(['user:a', 'ip:1'], at);
    }
    assert.equal(throttle.isLocked(['user:a'], 300), true);
    assert.equal(throttle.isLocked(['ip:1', 'user:b'], 300), true);
    assert.equal(throttle.isLocked(['user:b', 'ip:2'], 300), false);
    assert.equal(throttle.isLocked(['user:a'], 1001), false);
  });

  it('clearing a key forgets its failures', () => {
    const throttle = new LoginThrottle(policy);
    throttle.fail(['user:a'], 0);
    throttle.fail(['user:a'], 0);
    throttle.clear('user:a');
    throttle.fail(['user:a'], 0);
    assert.equal(throttle.isLocked(['user:a'], 0), false);
  });
});
