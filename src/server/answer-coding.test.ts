import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';

import type { FastifyInstance } from 'fastify';

import { releaseStores } from '../testing/test-stores.ts';
import { acceptedCoding, MIN_GZIP_BYTES } from './answer-coding.ts';
import { addTestToken, bearer, testServer } from './test-server.ts';
import { caseOf, partyOf, type TestWorld, testWorld } from './test-world.ts';

after(releaseStores);

describe('choosing the coding of an answer', () => {
  const cases: [string | undefined, 'gzip' | 'identity'][] = [
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br, zstd', 'gzip'],
    ['GZip', 'gzip'],
    ['br', 'identity'],
    ['*', 'gzip'],
    ['deflate, gzip;q=0.5', 'gzip'],
    ['gzip;q=0', 'identity'],
    ['gzip;q=0.2, identity;q=0.8', 'identity'],
    ['identity;q=0', 'identity'],
  ];
  for (const [header, coding] of cases) {
    it(`sends ${coding} for Accept-Encoding ${JSON.stringify(header)}`, () => {
      assert.equal(acceptedCoding(header), coding);
    });
  }
});

describe('record answers in gzip', () => {
  let w: TestWorld;
  let app: FastifyInstance;
  let url: string;
  let token: Record<string, string>;

  before(async () => {
    w = await testWorld({ premises: 6 });
    const device = caseOf(w, 'change-of-supplier').deviceId;
    url = `/api/devices/${device}/records?limit=100`;
    app = await testServer(w.store, { now: () => w.now });
    token = bearer(await addTestToken(w.store, partyOf(w, 'gaining')));
  });

  const get = (target: string, encoding?: string) =>
    app.inject({
      url: target,
      headers:
        encoding === undefined
          ? token
          : { ...token, 'accept-encoding': encoding },
    });

  it('gzips a page for a client that accepts it, the same JSON as without', async () => {
    const plain = await get(url);
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'accept-encoding');
    assert.ok(plain.rawPayload.length >= MIN_GZIP_BYTES);
    for (const round of ['computed', 'cached']) {
      const zipped = await get(url, 'gzip, deflate, br');
      assert.equal(zipped.statusCode, 200, round);
      assert.equal(zipped.headers['content-encoding'], 'gzip', round);
      assert.equal(zipped.headers.vary, 'accept-encoding', round);
      assert.equal(
        Number(zipped.headers['content-length']),
        zipped.rawPayload.length,
        round,
      );
      assert.ok(zipped.rawPayload.length < plain.rawPayload.length / 3);
      assert.deepEqual(
        JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8')),
        plain.json(),
        round,
      );
    }
  });

  it('sends a small answer as it is, even to a client that accepts gzip', async () => {
    // Nothing after 2100: an empty page.
    const small = await get(`${url}&from=2100-01-01T00:00:00Z`, 'gzip');
    assert.equal(small.statusCode, 200);
    assert.ok(small.rawPayload.length < MIN_GZIP_BYTES);
    assert.equal(small.headers['content-encoding'], undefined);
    assert.deepEqual(small.json().records, []);
  });

  it('sends the plain JSON to a client that refuses gzip', async () => {
    const refused = await get(url, 'gzip;q=0, identity');
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.ok(Array.isArray(refused.json().records));
  });
});
