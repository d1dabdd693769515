import assert from 'node:assert/strict';
import { after, it } from 'node:test';

import { parseEui64 } from '../domain/eui64.ts';
import type { NewSatRecord } from '../domain/sat-record.ts';
import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import { decompressText } from './payload-codec.ts';
import {
  RECORD_COLUMNS,
  encodeRecord,
  recordValues,
} from './record-encoding.ts';
import { fromRow, toRow } from './sat-record-mapper.ts';
import { writeEncodedRecords, writeRecords } from './sat-record-writer.ts';

after(releaseStores);

function record(digest: string, source: string): NewSatRecord {
  return {
    digest,
    kind: 'request',
    requestId: '90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1',
    responseId: null,
    precedingRequestId: null,
    originatorId: null,
    targetId: null,
    counter: '18446744073709551615',
    deviceId: null,
    userId: null,
    srv: '11.2',
    serviceReference: '11.2',
    commandVariant: 1,
    responseCode: null,
    loggedAt: 1_712_000_000_123,
    loggedAtSource: 'file-mtime',
    responseAt: null,
    executionAt: 4_102_444_800_000,
    alertCode: null,
    payloadElement: 'ReadFirmwareVersion',
    schemaVersion: '5.4',
    flags: ['unsigned', 'unknown-srv'],
    source,
    xml: `<x>${source} ü €</x>`,
  };
}

it('encodes every field of a record in the column order the writers bind', () => {
  // Every field distinct and set, so that two swapped columns would show.
  const full: NewSatRecord = {
    ...record('f'.repeat(64), 'in.ndjson:7'),
    responseId: 'response-id',
    precedingRequestId: 'preceding-id',
    originatorId: parseEui64('00-00-00-00-00-00-00-01'),
    targetId: parseEui64('00-00-00-00-00-00-00-02'),
    deviceId: parseEui64('00-00-00-00-00-00-00-03'),
    userId: parseEui64('00-00-00-00-00-00-00-04'),
    responseCode: 'I0',
    responseAt: 3,
    alertCode: 'alert',
  };
  const row = toRow(full);
  assert.deepEqual(
    recordValues(full),
    RECORD_COLUMNS.map((column) => row[column]),
  );
});

describeEachStore('writing SAT records', (fresh) => {
  it('stores every field and the XML exactly, whatever characters they hold', async () => {
    const store = await fresh();
    const odd = 'in\\dir\twith\ttabs\nand newline\r\\N.ndjson:1';
    const written = await writeRecords(store, [record('a'.repeat(64), odd)]);
    assert.deepEqual(written, { accepted: 1, duplicates: 0 });
    const row = await store.db
      .selectFrom('sat_record')
      .selectAll()
      .executeTakeFirstOrThrow();
    const { id: _id, ...stored } = fromRow(row);
    const { xml, ...expected } = record('a'.repeat(64), odd);
    assert.deepEqual(stored, expected);
    const payload = await store.db
      .selectFrom('sat_payload')
      .select('xml')
      .where('record_id', '=', row.id)
      .executeTakeFirstOrThrow();
    assert.equal(decompressText(payload.xml), xml);
  });

  it('counts a digest already stored, or repeated in the batch, as a duplicate', async () => {
    const store = await fresh();
    await writeRecords(store, [record('b'.repeat(64), 'one')]);
    const again = await writeEncodedRecords(
      store,
      ['b', 'c', 'c', 'd'].map((d) => encodeRecord(record(d.repeat(64), d))),
    );
    assert.deepEqual(again, { accepted: 2, duplicates: 2 });
    const payloads = await store.db
      .selectFrom('sat_payload')
      .select('record_id')
      .execute();
    assert.equal(payloads.length, 3);
  });
});
