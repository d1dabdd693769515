import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { parseEui64 } from '../domain/eui64.ts';
import { releaseStores } from '../testing/test-stores.ts';
import type { RecordPage, RecordView } from '../visibility/record-view.ts';
import {
  countSrvs,
  explainDevice,
  getThread,
  listDeviceRecords,
  listFeed,
  listPendingCommands,
} from '../visibility/visibility-api.ts';
import { addTestToken, bearer } from './test-server.ts';
import { caseOf, partyOf, type TestWorld, testWorld } from './test-world.ts';

after(releaseStores);

/** The callers of every route: four demo parties, and two without. */
type CallerName =
  'gaining' | 'losing' | 'network' | 'other' | 'none' | 'wrong-token';

const NOT_FOUND = {
  error: {
    code: 'SV_NOT_FOUND',
    message: 'Nothing found under that identifier that you may see.',
  },
};

let w: TestWorld;
/** The Change of Supplier meter: gaining sees all, losing its own. */
let device: string;
/** A device that does not exist. */
const NO_DEVICE = '00-00-00-00-00-00-00-01';

before(async () => {
  w = await testWorld();
  device = caseOf(w, 'change-of-supplier').deviceId;
});

function headersOf(caller: CallerName): Record<string, string> {
  if (caller === 'none') return {};
  if (caller === 'wrong-token') return bearer('svt_wrong');
  const session = w.sessions[caller];
  if (session === undefined) throw new Error(`no session for ${caller}`);
  return session.headers;
}

function get(caller: CallerName, url: string) {
  return w.app.inject({ url, headers: headersOf(caller) });
}

function viewer(caller: CallerName) {
  return { partyId: partyOf(w, caller) };
}

/** What the API should answer: the visibility function's result as JSON. */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

async function assertUnauthenticated(url: string) {
  for (const caller of ['none', 'wrong-token'] as const) {
    const response = await get(caller, url);
    assert.equal(response.statusCode, 401, `${caller} ${url}`);
    assert.equal(response.json().error.code, 'SV_UNAUTHENTICATED');
  }
}

async function assertNotFound(caller: CallerName, url: string) {
  const response = await get(caller, url);
  assert.equal(response.statusCode, 404, `${caller} ${url}`);
  assert.deepEqual(response.json(), NOT_FOUND);
}

describe('GET /api/devices/{id}/records', () => {
  const url = () => `/api/devices/${device}/records`;

  it('the gaining supplier sees every record, the losing supplier’s as responsible supplier', async () => {
    const response = await get('gaining', `${url()}?limit=500`);
    assert.equal(response.statusCode, 200);
    const expected = await listDeviceRecords(
      w.store,
      viewer('gaining'),
      parseEui64(device),
      { limit: 500 },
      w.now,
    );
    assert.deepEqual(response.json(), asJson(expected));
    const page = response.json() as RecordPage;
    const losing = partyOf(w, 'losing');
    const theirs = page.records.filter((r) => r.sender.partyId === losing);
    assert.ok(theirs.length > 0);
    for (const record of theirs) {
      assert.equal(record.visibility.basis, 'responsible-supplier');
    }
  });

  it('the losing supplier sees only its own traffic', async () => {
    const response = await get('losing', `${url()}?limit=500`);
    assert.equal(response.statusCode, 200);
    const page = response.json() as RecordPage;
    assert.ok(page.records.length > 0);
    for (const record of page.records) {
      assert.equal(record.sender.partyId, partyOf(w, 'losing'));
      assert.equal(record.visibility.basis, 'own');
    }
    const expected = await listDeviceRecords(
      w.store,
      viewer('losing'),
      parseEui64(device),
      { limit: 500 },
      w.now,
    );
    assert.deepEqual(response.json(), asJson(expected));
  });

  it('a network operator and an other user with nothing on it get the 404 of a missing device', async () => {
    await assertNotFound('network', url());
    await assertNotFound('other', url());
    await assertNotFound('gaining', `/api/devices/${NO_DEVICE}/records`);
  });

  it('the other user sees its own consent traffic and nothing else', async () => {
    const own = caseOf(w, 'other-user').deviceId;
    const response = await get('other', `/api/devices/${own}/records`);
    assert.equal(response.statusCode, 200);
    const page = response.json() as RecordPage;
    assert.ok(page.records.length > 0);
    for (const record of page.records) {
      assert.equal(record.sender.partyId, partyOf(w, 'other'));
    }
  });

  it('the new network operator sees the adopted meter’s whole history', async () => {
    const adopted = caseOf(w, 'network-operator-change').deviceId;
    const response = await get('network', `/api/devices/${adopted}/records`);
    assert.equal(response.statusCode, 200);
    const bases = new Set(
      (response.json() as RecordPage).records.map((r) => r.visibility.basis),
    );
    assert.ok(bases.has('network-operator'));
  });

  it('answers 401 without credentials or with a wrong token', async () => {
    await assertUnauthenticated(url());
  });

  it('pages newest first with a cursor, without overlap', async () => {
    const all = (await get('gaining', `${url()}?limit=500`)).json().records;
    const first = (await get('gaining', `${url()}?limit=3`)).json();
    const second = (
      await get('gaining', `${url()}?limit=3&cursor=${first.nextCursor}`)
    ).json();
    const ids = [...first.records, ...second.records].map(
      (r: RecordView) => r.id,
    );
    assert.deepEqual(
      ids,
      all.slice(0, 6).map((r: RecordView) => r.id),
    );
  });

  it('filters by SRV and time, and refuses a bad filter with 400', async () => {
    const srv = '1.1.1';
    const response = await get(
      'gaining',
      `${url()}?srv=${srv}&from=2020-01-01&to=2030-01-01`,
    );
    assert.equal(response.statusCode, 200);
    const records = (response.json() as RecordPage).records;
    assert.ok(records.length > 0);
    assert.ok(records.every((r) => r.srv === srv));
    for (const bad of ['srv=tariff', 'from=yesterday', 'limit=0', 'kind=x']) {
      const refused = await get('gaining', `${url()}?${bad}`);
      assert.equal(refused.statusCode, 400, bad);
    }
    const malformed = await get('gaining', '/api/devices/not-an-eui/records');
    assert.equal(malformed.statusCode, 400);
  });

  it('accepts the Device ID in any spelling', async () => {
    const spelled = device.replaceAll('-', '').toLowerCase();
    const response = await get('gaining', `/api/devices/${spelled}/records`);
    assert.equal(response.statusCode, 200);
  });
});

describe('GET /api/devices/{id}', () => {
  it('explains the device to a party that may see it', async () => {
    for (const caller of ['gaining', 'losing'] as const) {
      const response = await get(caller, `/api/devices/${device}`);
      assert.equal(response.statusCode, 200);
      const expected = await explainDevice(
        w.store,
        viewer(caller),
        parseEui64(device),
        w.now,
      );
      assert.deepEqual(response.json(), asJson(expected));
    }
  });

  it('is 404 for parties with nothing on it and for a missing device', async () => {
    await assertNotFound('network', `/api/devices/${device}`);
    await assertNotFound('other', `/api/devices/${device}`);
    await assertNotFound('gaining', `/api/devices/${NO_DEVICE}`);
    await assertUnauthenticated(`/api/devices/${device}`);
  });
});

describe('GET /api/devices/{id}/pending', () => {
  it('shows the gaining supplier the commands the losing supplier left pending', async () => {
    const response = await get('gaining', `/api/devices/${device}/pending`);
    assert.equal(response.statusCode, 200);
    const expected = await listPendingCommands(
      w.store,
      viewer('gaining'),
      parseEui64(device),
      w.now,
    );
    assert.deepEqual(response.json(), asJson(expected));
    const senders = response
      .json()
      .map((t: { sender: { partyId: string } }) => t.sender.partyId);
    assert.ok(senders.includes(partyOf(w, 'losing')));
  });

  it('is 404 or 401 for everyone else', async () => {
    await assertNotFound('network', `/api/devices/${device}/pending`);
    await assertNotFound('other', `/api/devices/${device}/pending`);
    await assertUnauthenticated(`/api/devices/${device}/pending`);
  });
});

describe('GET /api/requests/{requestId}', () => {
  async function losingRequestId(): Promise<string> {
    const page = await listDeviceRecords(
      w.store,
      viewer('losing'),
      parseEui64(device),
      { kind: 'request', limit: 1 },
      w.now,
    );
    const id = page?.records[0]?.requestId;
    if (!id) throw new Error('the losing supplier sent no request');
    return id;
  }

  it('answers the thread to the sender and to the gaining supplier', async () => {
    const requestId = await losingRequestId();
    for (const caller of ['losing', 'gaining'] as const) {
      const response = await get(
        caller,
        `/api/requests/${encodeURIComponent(requestId)}`,
      );
      assert.equal(response.statusCode, 200, caller);
      const expected = await getThread(
        w.store,
        viewer(caller),
        requestId,
        w.now,
      );
      assert.deepEqual(response.json(), asJson(expected));
    }
  });

  it('is 404 for a party that may not see it and for a missing one, 400 when malformed', async () => {
    const requestId = encodeURIComponent(await losingRequestId());
    await assertNotFound('other', `/api/requests/${requestId}`);
    await assertNotFound('network', `/api/requests/${requestId}`);
    const missing = encodeURIComponent(`${NO_DEVICE}:${NO_DEVICE}:1`);
    await assertNotFound('gaining', `/api/requests/${missing}`);
    const malformed = await get('gaining', '/api/requests/nonsense');
    assert.equal(malformed.statusCode, 400);
    await assertUnauthenticated(`/api/requests/${requestId}`);
  });
});

describe('GET /api/search', () => {
  it('finds a device in any spelling for a party that may see it', async () => {
    const q = device.replaceAll('-', '').toLowerCase();
    const response = await get('gaining', `/api/search?q=${q}`);
    assert.equal(response.statusCode, 200);
    const hits = response.json();
    assert.equal(hits[0]?.deviceId, device);
    assert.equal(hits[0]?.kind, 'device');
  });

  it('finds nothing for a party that may not see it', async () => {
    for (const caller of ['network', 'other'] as const) {
      const response = await get(caller, `/api/search?q=${device}`);
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), []);
    }
    await assertUnauthenticated(`/api/search?q=${device}`);
  });
});

describe('GET /api/feed', () => {
  it('shows other parties’ records on the caller’s devices, newest first', async () => {
    for (const caller of ['gaining', 'losing', 'network', 'other'] as const) {
      const response = await get(caller, '/api/feed?limit=50');
      assert.equal(response.statusCode, 200);
      const expected = await listFeed(
        w.store,
        viewer(caller),
        { limit: 50 },
        w.now,
      );
      assert.deepEqual(response.json(), asJson(expected), caller);
      for (const record of (response.json() as RecordPage).records) {
        assert.notEqual(record.sender.partyId, partyOf(w, caller));
      }
    }
    await assertUnauthenticated('/api/feed');
  });
});

describe('GET /api/stats', () => {
  const window = 'from=2025-01-01&to=2027-01-01&bucket=month';

  it('counts SRVs of a visible device and of the portfolio', async () => {
    const response = await get(
      'gaining',
      `/api/stats?deviceId=${device}&${window}`,
    );
    assert.equal(response.statusCode, 200);
    const expected = await countSrvs(
      w.store,
      viewer('gaining'),
      {
        deviceId: parseEui64(device),
        from: Date.parse('2025-01-01'),
        to: Date.parse('2027-01-01'),
        bucket: 'month',
      },
      w.now,
    );
    assert.deepEqual(response.json(), asJson(expected));
    assert.ok(response.json().length > 0);
    const portfolio = await get('gaining', `/api/stats?${window}`);
    assert.equal(portfolio.statusCode, 200);
  });

  it('is 404 for a device the caller may not see, 400 without a window', async () => {
    await assertNotFound('other', `/api/stats?deviceId=${device}&${window}`);
    const noWindow = await get('gaining', '/api/stats');
    assert.equal(noWindow.statusCode, 400);
    await assertUnauthenticated(`/api/stats?${window}`);
  });
});

describe('exports', () => {
  it('a device export has every visible record, CSV and NDJSON alike', async () => {
    const all = (
      await get('gaining', `/api/devices/${device}/records?limit=500`)
    ).json().records as RecordView[];
    const ndjson = await get(
      'gaining',
      `/api/devices/${device}/records.ndjson`,
    );
    assert.equal(ndjson.statusCode, 200);
    assert.match(String(ndjson.headers['content-type']), /x-ndjson/);
    const lines = ndjson.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(lines, all);
    const csv = await get('gaining', `/api/devices/${device}/records.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /attachment/);
    const rows = csv.body.trimEnd().split('\r\n');
    assert.ok(rows[0]?.startsWith('id,loggedAt,'));
    assert.equal(
      rows.filter((row) => /^\d+,\d{4}-/.test(row)).length,
      all.length,
    );
  });

  it('the losing supplier’s export holds its own records only', async () => {
    const ndjson = await get('losing', `/api/devices/${device}/records.ndjson`);
    const lines = ndjson.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.ok(lines.length > 0);
    for (const line of lines) {
      assert.equal(line.sender.partyId, partyOf(w, 'losing'));
    }
  });

  it('an export of something invisible is 404, without credentials 401', async () => {
    for (const format of ['csv', 'ndjson']) {
      await assertNotFound('other', `/api/devices/${device}/records.${format}`);
      await assertUnauthenticated(`/api/devices/${device}/records.${format}`);
      await assertUnauthenticated(`/api/feed.${format}`);
    }
  });

  it('the feed and a thread export too', async () => {
    const feed = await get('gaining', '/api/feed.ndjson');
    assert.equal(feed.statusCode, 200);
    const expected = await listFeed(
      w.store,
      viewer('gaining'),
      { limit: 500 },
      w.now,
    );
    const lines = feed.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(lines.slice(0, 500), asJson(expected.records));
    const requestId = lines[0].requestId as string;
    const thread = await get(
      'gaining',
      `/api/requests/${encodeURIComponent(requestId)}.csv`,
    );
    assert.equal(thread.statusCode, 200);
    assert.match(thread.body, new RegExp(requestId));
    await assertNotFound(
      'other',
      `/api/requests/${encodeURIComponent(requestId)}.ndjson`,
    );
  });
});

describe('the access log', () => {
  it('tells the losing supplier that the gaining supplier viewed its records', async () => {
    const since = new Date(w.now).toISOString();
    const earlier = (
      await get('losing', `/api/access-log?from=${since}&limit=500`)
    ).json().entries.length;
    const shown = (
      await get('gaining', `/api/devices/${device}/records?limit=500`)
    ).json().records as RecordView[];
    const theirs = shown
      .filter((r) => r.sender.partyId === partyOf(w, 'losing'))
      .map((r) => r.id);
    const log = (
      await get('losing', `/api/access-log?from=${since}&limit=500`)
    ).json();
    assert.equal(log.entries.length, earlier + 1);
    assert.deepEqual(log.entries[0], {
      viewedAt: since,
      viewerPartyId: partyOf(w, 'gaining'),
      via: 'session',
      route: '/api/devices/:deviceId/records',
      recordIds: theirs,
    });
  });

  it('logs nothing when a party views only its own records', async () => {
    const count = async () =>
      Number(
        (
          await w.store.db
            .selectFrom('access_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const start = await count();
    await get('losing', `/api/devices/${device}/records`);
    assert.equal(await count(), start);
  });

  it('logs an API token’s views as a program’s', async () => {
    const token = await addTestToken(w.store, partyOf(w, 'gaining'));
    await w.app.inject({
      url: `/api/devices/${device}/records.csv`,
      headers: bearer(token),
    });
    const log = (await get('losing', '/api/access-log?limit=1')).json();
    assert.equal(log.entries[0]?.via, 'token');
    assert.equal(log.entries[0]?.route, '/api/devices/:deviceId/records.csv');
  });

  it('needs credentials', async () => {
    await assertUnauthenticated('/api/access-log');
  });
});
