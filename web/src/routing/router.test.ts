import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { deviceHref, requestHref } from './app-paths.ts';
import { matchRoute, pathTo } from './router.ts';

describe('routes', () => {
  it('matches a pattern and decodes its parameters', () => {
    const requestId = '90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:17';
    assert.deepEqual(
      matchRoute('/requests/:requestId', requestHref(requestId)),
      {
        requestId,
      },
    );
    assert.deepEqual(
      matchRoute('/devices/:deviceId/:tab', deviceHref('00-DB', 'pending')),
      { deviceId: '00-DB', tab: 'pending' },
    );
  });

  it('refuses a path of another shape', () => {
    assert.equal(matchRoute('/devices/:deviceId', '/devices/x/pending'), null);
    assert.equal(matchRoute('/devices/:deviceId', '/devices/'), null);
    assert.equal(matchRoute('/feed', '/feeds'), null);
  });

  it('leaves empty query values out of a path', () => {
    assert.equal(
      pathTo('/feed', { srv: '1.1.1', from: '', to: undefined }),
      '/feed?srv=1.1.1',
    );
    assert.equal(pathTo('/feed', {}), '/feed');
  });
});
