import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout } from 'node:timers/promises';

import SqliteDatabase from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';

import { REUSE_MS } from '../store/commit-watch.ts';
import { releaseStores } from '../testing/test-stores.ts';
import type { RecordPage } from '../visibility/record-view.ts';
import { addTestToken, bearer, testServer } from './test-server.ts';
import { caseOf, partyOf, type TestWorld, testWorld } from './test-world.ts';

after(releaseStores);

let w: TestWorld;
let device: string;
let app: FastifyInstance;
const clock = { now: 0 };
let headers: Record<string, string>;

before(async () => {
  w = await testWorld({ premises: 6 });
  device = caseOf(w, 'change-of-supplier').deviceId;
  clock.now = w.now;
  app = await testServer(w.store, { now: () => clock.now });
  headers = bearer(await addTestToken(w.store, partyOf(w, 'gaining')));
});

async function records(): Promise<RecordPage> {
  const response = await app.inject({
    url: `/api/devices/${device}/records?limit=500`,
    headers,
  });
  assert.equal(response.statusCode, 200);
  return response.json();
}

async function accessLogRows(): Promise<number> {
  const row = await w.store.db
    .selectFrom('access_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Copies the device's newest record (and its XML) as a new one, through
 * `sqlite`: what an ingest of one more message would add. */
function addRecord(sqlite: SqliteDatabase.Database, loggedAt: number): number {
  const newest = sqlite
    .prepare(
      'select id from sat_record where device_id = ? ' +
        'order by logged_at desc, id desc limit 1',
    )
    .pluck()
    .get(device.replaceAll('-', '').toLowerCase()) as number;
  const copy = sqlite
    .prepare(
      `insert into sat_record (digest, kind, request_id, response_id,
        preceding_request_id, originator_id, target_id, counter, device_id,
        user_id, srv, service_reference, command_variant, response_code,
        logged_at, logged_at_source, response_at, execution_at, alert_code,
        payload_element, schema_version, flags, source)
      select digest || ?, kind, request_id, response_id,
        preceding_request_id, originator_id, target_id, counter, device_id,
        user_id, srv, service_reference, command_variant, response_code,
        ?, logged_at_source, response_at, execution_at, alert_code,
        payload_element, schema_version, flags, source
      from sat_record where id = ?`,
    )
    .run(`-copy-${loggedAt}`, loggedAt, newest);
  const id = Number(copy.lastInsertRowid);
  sqlite
    .prepare(
      'insert into sat_payload (record_id, xml) ' +
        'select ?, xml from sat_payload where record_id = ?',
    )
    .run(id, newest);
  return id;
}

describe('the answer cache', () => {
  it('a repeated request is answered alike, and access-logged each time', async () => {
    const first = await records();
    const logged = await accessLogRows();
    const second = await records();
    assert.deepEqual(second, first);
    assert.equal(await accessLogRows(), logged + 1);
  });

  it('keys answers by party: the losing supplier never gets the gaining one’s', async () => {
    await records();
    const losing = bearer(await addTestToken(w.store, partyOf(w, 'losing')));
    const response = await app.inject({
      url: `/api/devices/${device}/records?limit=500`,
      headers: losing,
    });
    const page = response.json() as RecordPage;
    for (const record of page.records) {
      assert.equal(record.sender.partyId, partyOf(w, 'losing'));
    }
  });

  it('an answer lives ten seconds at most', async () => {
    await records();
    const sqlite = w.store.sqlite;
    assert.ok(sqlite);
    const id = addRecord(sqlite, clock.now);
    // The server's own connection wrote it: only the clock expires it.
    assert.ok(!(await records()).records.some((r) => r.id === id));
    clock.now += 9_999;
    assert.ok(!(await records()).records.some((r) => r.id === id));
    clock.now += 1;
    assert.ok((await records()).records.some((r) => r.id === id));
  });

  it('an ingest through another connection shows within a millisecond', async () => {
    await records();
    const other = new SqliteDatabase(w.store.sqlite?.name ?? '');
    try {
      const id = addRecord(other, clock.now + 1);
      await setTimeout(REUSE_MS + 1);
      assert.ok((await records()).records.some((r) => r.id === id));
    } finally {
      other.close();
    }
  });
});
