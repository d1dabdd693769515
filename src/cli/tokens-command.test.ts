import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { openStore } from '../store/database.ts';
import { bearer, testServer } from '../server/test-server.ts';
import { satview, storeWithParty } from '../testing/cli-runner.ts';

describe('satview tokens', () => {
  it('prints a new token once on stdout; it works until revoked', async () => {
    const db = await storeWithParty('GAS02', 'Gas Two');
    const created = await satview(
      'tokens',
      'create',
      '--db',
      db,
      '--party',
      'GAS02',
      '--name',
      'billing',
    );
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();
    assert.match(token, /^svt_[A-Za-z0-9_-]{43}$/);
    assert.doesNotMatch(created.stderr, new RegExp(token));

    const listed = await satview('tokens', 'list', '--db', db);
    assert.match(listed.stdout, /^1\tGAS02\tbilling\t\S+\tactive\n$/);
    assert.doesNotMatch(listed.stdout, /svt_/);

    const store = await openStore({ kind: 'sqlite', path: db });
    try {
      const app = await testServer(store);
      const me = () => app.inject({ url: '/api/me', headers: bearer(token) });
      assert.equal((await me()).statusCode, 200);
      const wrongParty = await satview(
        'tokens',
        'revoke',
        '--db',
        db,
        '--party',
        'ELEC01',
        '--id',
        '1',
      );
      assert.equal(wrongParty.code, 1);
      assert.equal((await me()).statusCode, 200);
      const revoked = await satview(
        'tokens',
        'revoke',
        '--db',
        db,
        '--party',
        'GAS02',
        '--id',
        '1',
      );
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.equal((await me()).statusCode, 401);
    } finally {
      await store.close();
    }
  });

  it('refuses a token for an unknown party', async () => {
    const db = await storeWithParty('GAS02', 'Gas Two');
    const result = await satview(
      'tokens',
      'create',
      '--db',
      db,
      '--party',
      'X',
    );
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /SV_PARTY_UNKNOWN/);
  });
});
