import assert from 'node:assert/strict';
import { after, it } from 'node:test';

import type { FastifyInstance } from 'fastify';

import { loadConfig } from '../config/config.ts';
import { disableAccount } from '../store/account-store.ts';
import type { Store } from '../store/database.ts';
import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import { SESSION_COOKIE } from './caller-authentication.ts';
import { hashSecret } from './secret-hashing.ts';
import {
  addParties,
  addTestAccount,
  addTestToken,
  asAnotherProcess,
  bearer,
  logIn,
  testServer,
} from './test-server.ts';

after(releaseStores);

interface World {
  readonly store: Store;
  readonly app: FastifyInstance;
  readonly clock: { now: number };
}

async function world(store: Store): Promise<World> {
  await addParties(store, ['ELEC01', 'GAS02']);
  await addTestAccount(store, 'alice', 'ELEC01');
  const clock = { now: Date.parse('2025-06-01T09:00:00Z') };
  const app = await testServer(store, { now: () => clock.now });
  return { store, app, clock };
}

function login(app: FastifyInstance, body: object, remoteAddress?: string) {
  return app.inject({
    method: 'POST',
    url: '/api/login',
    payload: body,
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

describeEachStore('logging in', (fresh) => {
  it('sets an HttpOnly SameSite=Strict session cookie and answers the CSRF token', async () => {
    const { app, store } = await world(await fresh());
    const response = await login(app, {
      username: 'Alice',
      password: 'correct horse',
    });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.username, 'alice');
    assert.equal(body.partyId, 'ELEC01');
    assert.match(body.csrfToken, /^[A-Za-z0-9_-]{43}$/);
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(cookie.path, '/');
    const stored = await store.db
      .selectFrom('session')
      .select('id_hash')
      .executeTakeFirstOrThrow();
    assert.notEqual(stored.id_hash, cookie.value);
    assert.equal(stored.id_hash, hashSecret(cookie.value));
  });

  it('/api/me answers the party, the account and the CSRF token', async () => {
    const { app } = await world(await fresh());
    const session = await logIn(app, 'alice');
    const me = await app.inject({ url: '/api/me', headers: session.headers });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json(), {
      partyId: 'ELEC01',
      partyName: 'Party ELEC01',
      username: 'alice',
      via: 'session',
      csrfToken: session.csrfToken,
    });
  });

  it('a wrong password and an unknown account get the same 401', async () => {
    const { app } = await world(await fresh());
    const wrong = await login(app, { username: 'alice', password: 'nope' });
    const unknown = await login(app, { username: 'zed', password: 'nope' });
    for (const response of [wrong, unknown]) {
      assert.equal(response.statusCode, 401);
      assert.deepEqual(response.json(), {
        error: {
          code: 'SV_UNAUTHENTICATED',
          message: 'Wrong username or password.',
        },
      });
      assert.equal(response.cookies.length, 0);
    }
  });

  it('a disabled account cannot log in and its open session ends', async () => {
    const { app, store } = await world(await fresh());
    const session = await logIn(app, 'alice');
    const before = await app.inject({
      url: '/api/me',
      headers: session.headers,
    });
    assert.equal(before.statusCode, 200);
    await asAnotherProcess(store, (other) =>
      disableAccount(other, 'alice', Date.now()),
    );
    const me = await app.inject({ url: '/api/me', headers: session.headers });
    assert.equal(me.statusCode, 401);
    const again = await login(app, {
      username: 'alice',
      password: 'correct horse',
    });
    assert.equal(again.statusCode, 401);
  });

  it('a session expires after twelve hours', async () => {
    const { app, clock } = await world(await fresh());
    const session = await logIn(app, 'alice');
    clock.now += 12 * 60 * 60 * 1000 - 1;
    const before = await app.inject({
      url: '/api/me',
      headers: session.headers,
    });
    assert.equal(before.statusCode, 200);
    clock.now += 1;
    const after = await app.inject({
      url: '/api/me',
      headers: session.headers,
    });
    assert.equal(after.statusCode, 401);
  });

  it('takes JSON only: a form-style text body is refused', async () => {
    const { app } = await world(await fresh());
    const response = await app.inject({
      method: 'POST',
      url: '/api/login',
      headers: { 'content-type': 'text/plain' },
      payload: '{"username":"alice","password":"correct horse"}',
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, 'SV_BAD_REQUEST');
  });

  it('refuses a body over the size limit with 413', async () => {
    const { app } = await world(await fresh());
    const response = await login(app, {
      username: 'alice',
      password: 'x'.repeat(20_000),
    });
    assert.equal(response.statusCode, 413);
    assert.equal(response.json().error.code, 'SV_REQUEST_TOO_LARGE');
  });
});

describeEachStore('login rate limits', (fresh) => {
  it('locks an account after 5 failures in 15 minutes, even for the right password', async () => {
    const { app, clock } = await world(await fresh());
    for (let i = 0; i < 5; i += 1) {
      const address = `10.0.0.${i + 1}`;
      const r = await login(app, { username: 'alice', password: 'x' }, address);
      assert.equal(r.statusCode, 401);
    }
    const right = { username: 'alice', password: 'correct horse' };
    const locked = await login(app, right, '10.0.1.1');
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().error.code, 'SV_RATE_LIMITED');
    clock.now += 15 * 60 * 1000;
    const later = await login(app, right, '10.0.1.1');
    assert.equal(later.statusCode, 200);
  });

  it('locks an address after 5 failures, whatever the account', async () => {
    const { app } = await world(await fresh());
    for (let i = 0; i < 5; i += 1) {
      const body = { username: `user${i}`, password: 'x' };
      assert.equal((await login(app, body, '10.9.9.9')).statusCode, 401);
    }
    const right = { username: 'alice', password: 'correct horse' };
    assert.equal((await login(app, right, '10.9.9.9')).statusCode, 429);
    assert.equal((await login(app, right, '10.9.9.8')).statusCode, 200);
  });

  it('keeps an account locked across a restart and on every server of the store', async () => {
    const { app, store, clock } = await world(await fresh());
    for (let i = 0; i < 5; i += 1) {
      const body = { username: 'alice', password: 'x' };
      assert.equal((await login(app, body, `10.7.0.${i}`)).statusCode, 401);
    }
    await app.close();
    const restarted = await testServer(store, { now: () => clock.now });
    const right = { username: 'alice', password: 'correct horse' };
    assert.equal((await login(restarted, right, '10.7.1.1')).statusCode, 429);
  });
});

describeEachStore('behind a reverse proxy', (fresh) => {
  // inject() sends from 127.0.0.1, standing in for the proxy.
  const behindProxy = async (trustProxy?: string) => {
    const store = await fresh();
    await addParties(store, ['ELEC01']);
    await addTestAccount(store, 'alice', 'ELEC01');
    return testServer(store, { config: loadConfig({ trustProxy }, {}) });
  };
  const loginFrom = (app: FastifyInstance, client: string, body: object) =>
    app.inject({
      method: 'POST',
      url: '/api/login',
      payload: body,
      headers: { 'x-forwarded-for': client, 'x-forwarded-proto': 'https' },
    });
  const wrong = (i: number) => ({ username: `user${i}`, password: 'x' });
  const right = { username: 'alice', password: 'correct horse' };

  it('counts failed logins per client when the proxy is listed', async () => {
    const app = await behindProxy('127.0.0.1');
    for (let i = 0; i < 5; i += 1) {
      const r = await loginFrom(app, '203.0.113.7', wrong(i));
      assert.equal(r.statusCode, 401);
    }
    assert.equal((await loginFrom(app, '203.0.113.7', right)).statusCode, 429);
    assert.equal((await loginFrom(app, '203.0.113.8', right)).statusCode, 200);
  });

  it('believes no X-Forwarded-For from a sender that is not listed', async () => {
    for (const trustProxy of [undefined, '10.0.0.1']) {
      const app = await behindProxy(trustProxy);
      for (let i = 0; i < 5; i += 1) {
        await loginFrom(app, `203.0.113.${i + 1}`, wrong(i));
      }
      // All five came from 127.0.0.1, whatever the header said.
      const r = await loginFrom(app, '203.0.113.99', right);
      assert.equal(r.statusCode, 429, `trustProxy ${trustProxy}`);
    }
  });

  it('marks the session cookie Secure when the listed proxy served HTTPS', async () => {
    const secureOf = async (trustProxy?: string) => {
      const app = await behindProxy(trustProxy);
      const response = await loginFrom(app, '203.0.113.7', right);
      assert.equal(response.statusCode, 200);
      const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
      return cookie?.secure === true;
    };
    assert.equal(await secureOf('loopback'), true);
    assert.equal(await secureOf(undefined), false);
  });
});

describeEachStore('callers and credentials', (fresh) => {
  it('answers 401 without credentials and with a wrong token', async () => {
    const { app } = await world(await fresh());
    const none = await app.inject({ url: '/api/me' });
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().error.code, 'SV_UNAUTHENTICATED');
    const wrong = await app.inject({
      url: '/api/me',
      headers: bearer('svt_not-a-token'),
    });
    assert.equal(wrong.statusCode, 401);
    const garbage = await app.inject({
      url: '/api/me',
      headers: { cookie: `${SESSION_COOKIE}=forged` },
    });
    assert.equal(garbage.statusCode, 401);
  });

  it('an API token acts for its party until revoked', async () => {
    const { app, store } = await world(await fresh());
    const token = await addTestToken(store, 'GAS02');
    const me = await app.inject({ url: '/api/me', headers: bearer(token) });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json(), {
      partyId: 'GAS02',
      partyName: 'Party GAS02',
      username: null,
      via: 'token',
      csrfToken: null,
    });
    await asAnotherProcess(store, (other) =>
      other.db.updateTable('api_token').set({ revoked_at: 1 }).execute(),
    );
    const revoked = await app.inject({
      url: '/api/me',
      headers: bearer(token),
    });
    assert.equal(revoked.statusCode, 401);
  });

  it('a wrong token is refused even beside a good session cookie', async () => {
    const { app } = await world(await fresh());
    const session = await logIn(app, 'alice');
    const response = await app.inject({
      url: '/api/me',
      headers: { ...session.headers, ...bearer('svt_wrong') },
    });
    assert.equal(response.statusCode, 401);
  });
});

describeEachStore('logging out', (fresh) => {
  it('needs the CSRF token, then ends the session', async () => {
    const { app } = await world(await fresh());
    const session = await logIn(app, 'alice');
    const forged = await app.inject({
      method: 'POST',
      url: '/api/logout',
      headers: { ...session.headers, 'x-csrf-token': 'guess' },
    });
    assert.equal(forged.statusCode, 403);
    assert.equal(forged.json().error.code, 'SV_CSRF');
    const missing = await app.inject({
      method: 'POST',
      url: '/api/logout',
      headers: session.headers,
    });
    assert.equal(missing.statusCode, 403);
    const out = await app.inject({
      method: 'POST',
      url: '/api/logout',
      headers: { ...session.headers, 'x-csrf-token': session.csrfToken },
    });
    assert.equal(out.statusCode, 204);
    const me = await app.inject({ url: '/api/me', headers: session.headers });
    assert.equal(me.statusCode, 401);
  });

  it('a token caller needs no CSRF token, having no cookie to forge', async () => {
    const { app, store } = await world(await fresh());
    const token = await addTestToken(store, 'ELEC01');
    const out = await app.inject({
      method: 'POST',
      url: '/api/logout',
      headers: bearer(token),
    });
    assert.equal(out.statusCode, 204);
  });
});
