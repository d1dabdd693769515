import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';

import { pino } from 'pino';

import { freshSqlite, releaseStores } from '../testing/test-stores.ts';
import { addParties, addTestToken, bearer, testServer } from './test-server.ts';

after(releaseStores);

/** A logger whose JSON lines the test can read. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

function builtUi(): string {
  const root = mkdtempSync(join(tmpdir(), 'satview-ui-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><p>the app</p>');
  writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  return root;
}

describe('security headers', () => {
  it('every answer carries a strict CSP, nosniff, no-referrer and a request id', async () => {
    const app = await testServer(await freshSqlite());
    for (const url of ['/health', '/api/me', '/']) {
      const response = await app.inject({ url });
      const csp = String(response.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/, url);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, url);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['referrer-policy'], 'no-referrer');
      assert.equal(response.headers['x-frame-options'], 'DENY');
      assert.match(String(response.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    }
  });

  it('API answers may not be cached', async () => {
    const app = await testServer(await freshSqlite());
    const response = await app.inject({ url: '/api/me' });
    assert.equal(response.headers['cache-control'], 'no-store');
  });
});

describe('GET /health', () => {
  it('answers the store kind and record count without a login', async () => {
    const app = await testServer(await freshSqlite());
    const response = await app.inject({ url: '/health' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      status: 'ok',
      store: 'sqlite',
      records: 0,
    });
  });

  it('answers 503 when the store is gone', async () => {
    const store = await freshSqlite();
    const app = await testServer(store);
    await store.close();
    const response = await app.inject({ url: '/health' });
    assert.equal(response.statusCode, 503);
    assert.equal(response.json().status, 'unavailable');
  });
});

describe('errors', () => {
  it('an unexpected failure is a bare 500, logged at error with the request id', async () => {
    const store = await freshSqlite();
    await addParties(store, ['ELEC01']);
    const token = await addTestToken(store, 'ELEC01');
    const { logger, lines } = capturingLogger();
    const app = await testServer(store, { logger });
    await store.close();
    const response = await app.inject({
      url: '/api/me',
      headers: bearer(token),
    });
    assert.equal(response.statusCode, 500);
    const body = response.json();
    assert.equal(body.error.code, 'SV_INTERNAL');
    assert.doesNotMatch(response.body, /destroyed|kysely|sqlite|stack/i);
    const requestId = response.headers['x-request-id'];
    const failure = lines.find((l) => l.msg === 'request failed');
    assert.equal(failure?.level, 50);
    assert.equal(failure?.reqId, requestId);
    const completed = lines.find((l) => l.msg === 'request completed');
    assert.equal(completed?.level, 50);
  });

  it('a client error is logged at info', async () => {
    const { logger, lines } = capturingLogger();
    const app = await testServer(await freshSqlite(), { logger });
    const response = await app.inject({ url: '/api/me' });
    assert.equal(response.statusCode, 401);
    const completed = lines.find((l) => l.msg === 'request completed');
    assert.equal(completed?.level, 30);
    assert.equal(completed?.reqId, response.headers['x-request-id']);
    assert.doesNotMatch(JSON.stringify(lines), /password/);
  });

  it('an unknown /api path answers a JSON 404', async () => {
    const app = await testServer(await freshSqlite());
    const response = await app.inject({ url: '/api/nothing-here' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'SV_NOT_FOUND');
  });

  it('a bad query parameter answers 400 naming it', async () => {
    const store = await freshSqlite();
    await addParties(store, ['ELEC01']);
    const token = await addTestToken(store, 'ELEC01');
    const app = await testServer(store);
    const response = await app.inject({
      url: '/api/access-log?limit=501',
      headers: bearer(token),
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, 'SV_BAD_REQUEST');
    assert.match(response.json().error.message, /limit/);
  });
});

describe('the OpenAPI document', () => {
  it('describes the API routes, for callers with credentials', async () => {
    const store = await freshSqlite();
    await addParties(store, ['ELEC01']);
    const token = await addTestToken(store, 'ELEC01');
    const app = await testServer(store);
    assert.equal(
      (await app.inject({ url: '/api/openapi.json' })).statusCode,
      401,
    );
    const response = await app.inject({
      url: '/api/openapi.json',
      headers: bearer(token),
    });
    assert.equal(response.statusCode, 200);
    const document = response.json();
    assert.match(document.openapi, /^3\./);
    for (const path of [
      '/api/login',
      '/api/me',
      '/api/access-log',
      '/health',
    ]) {
      assert.ok(document.paths[path], `missing ${path}`);
    }
    assert.ok(document.components.schemas.ApiError);
  });
});

describe('the web UI', () => {
  it('says how to build it when web/dist is missing', async () => {
    const app = await testServer(await freshSqlite());
    const response = await app.inject({ url: '/' });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /npm run build/);
  });

  it('serves the built UI, its assets, and index.html for app paths', async () => {
    const app = await testServer(await freshSqlite(), { webRoot: builtUi() });
    const root = await app.inject({ url: '/' });
    assert.match(root.body, /the app/);
    const asset = await app.inject({ url: '/assets/app-1234.js' });
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['cache-control']), /immutable/);
    const deep = await app.inject({ url: '/devices/00-DB-12-34-56-78-90-A0' });
    assert.equal(deep.statusCode, 200);
    assert.match(deep.body, /the app/);
    const api = await app.inject({ url: '/api/unknown' });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error.code, 'SV_NOT_FOUND');
  });
});

describe('GET /api/demo-logins', () => {
  it('answers 404 on a server that made no demo accounts', async () => {
    const app = await testServer(await freshSqlite());
    const response = await app.inject({ url: '/api/demo-logins' });
    assert.equal(response.statusCode, 404);
  });

  it('lists the demo accounts without a login on a demo server', async () => {
    const demoLogins = [
      {
        username: 'gaining',
        password: 'demo',
        party: 'ELEC01',
        role: 'gaining supplier',
        note: 'took over the premises',
      },
    ];
    const app = await testServer(await freshSqlite(), { demoLogins });
    const response = await app.inject({ url: '/api/demo-logins' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), demoLogins);
  });
});
