import assert from 'node:assert/strict';
import { after, it } from 'node:test';

import type { Store } from './database.ts';
import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import {
  addAccount,
  createApiToken,
  createSession,
  disableAccount,
  findAccount,
  findApiToken,
  findSession,
  listAccounts,
  listApiTokens,
  purgeExpiredSessions,
  revokeApiToken,
} from './account-store.ts';

after(releaseStores);

const T0 = 1_760_000_000_000;

async function withParties(store: Store): Promise<Store> {
  await store.db
    .insertInto('party')
    .values([
      { party_id: 'ELEC01', name: 'Electric One' },
      { party_id: 'GAS02', name: 'Gas Two' },
    ])
    .execute();
  return store;
}

function alice(partyId = 'ELEC01') {
  return {
    username: 'alice',
    partyId,
    passwordHash: 'scrypt$hash',
    createdAt: T0,
  };
}

describeEachStore('accounts', (fresh) => {
  it('adds an account for a known party and finds it by username', async () => {
    const store = await withParties(await fresh());
    await addAccount(store, alice());
    const found = await findAccount(store, 'alice');
    assert.deepEqual(found, { ...alice(), disabledAt: null });
    assert.deepEqual(await listAccounts(store), [
      { username: 'alice', partyId: 'ELEC01', createdAt: T0, disabledAt: null },
    ]);
  });

  it('refuses a party the reference data does not define', async () => {
    const store = await withParties(await fresh());
    await assert.rejects(addAccount(store, alice('NOPE')), {
      code: 'SV_PARTY_UNKNOWN',
    });
  });

  it('refuses a taken or malformed username', async () => {
    const store = await withParties(await fresh());
    await addAccount(store, alice());
    await assert.rejects(addAccount(store, alice()), /exists already/);
    await assert.rejects(
      addAccount(store, { ...alice(), username: 'Bad Name' }),
      { code: 'SV_ACCOUNT_INVALID' },
    );
  });

  it('disabling an account ends its sessions', async () => {
    const store = await withParties(await fresh());
    await addAccount(store, alice());
    await createSession(store, {
      idHash: 'h1',
      username: 'alice',
      csrfToken: 'c1',
      createdAt: T0,
      expiresAt: T0 + 1000,
    });
    assert.equal((await findSession(store, 'h1', T0))?.partyId, 'ELEC01');
    assert.equal(await disableAccount(store, 'alice', T0 + 1), true);
    assert.equal(await findSession(store, 'h1', T0 + 2), undefined);
    assert.equal((await findAccount(store, 'alice'))?.disabledAt, T0 + 1);
    assert.equal(await disableAccount(store, 'nobody', T0), false);
  });
});

describeEachStore('sessions', (fresh) => {
  it('a session is found until it expires, then purged', async () => {
    const store = await withParties(await fresh());
    await addAccount(store, alice());
    await createSession(store, {
      idHash: 'h1',
      username: 'alice',
      csrfToken: 'c1',
      createdAt: T0,
      expiresAt: T0 + 1000,
    });
    assert.deepEqual(await findSession(store, 'h1', T0 + 999), {
      username: 'alice',
      partyId: 'ELEC01',
      csrfToken: 'c1',
      expiresAt: T0 + 1000,
    });
    assert.equal(await findSession(store, 'h1', T0 + 1000), undefined);
    assert.equal(await findSession(store, 'other', T0), undefined);
    assert.equal(await purgeExpiredSessions(store, T0 + 1000), 1);
  });
});

describeEachStore('API tokens', (fresh) => {
  it('a token is found by its hash until its party revokes it', async () => {
    const store = await withParties(await fresh());
    const token = await createApiToken(store, {
      partyId: 'GAS02',
      name: 'billing',
      tokenHash: 'th1',
      createdAt: T0,
    });
    assert.equal((await findApiToken(store, 'th1'))?.partyId, 'GAS02');
    assert.equal(await revokeApiToken(store, 'ELEC01', token.id, T0), false);
    assert.equal(await revokeApiToken(store, 'GAS02', token.id, T0 + 5), true);
    assert.equal(await revokeApiToken(store, 'GAS02', token.id, T0 + 6), false);
    assert.equal(await findApiToken(store, 'th1'), undefined);
    assert.deepEqual(await listApiTokens(store, 'GAS02'), [
      { ...token, revokedAt: T0 + 5 },
    ]);
    assert.deepEqual(await listApiTokens(store, 'ELEC01'), []);
  });

  it('refuses a token for an unknown party', async () => {
    const store = await withParties(await fresh());
    await assert.rejects(
      createApiToken(store, {
        partyId: 'NOPE',
        name: 'x',
        tokenHash: 'th',
        createdAt: T0,
      }),
      { code: 'SV_PARTY_UNKNOWN' },
    );
  });
});
