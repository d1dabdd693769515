import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { openStore } from '../store/database.ts';
import type { RecordView, ThreadView } from '../visibility/record-view.ts';
import { requestIdText } from '../visibility/scenario-fixtures.ts';
import {
  buildScenarioWorld,
  ESME1,
  GAINING_READ,
  PENDING_TARIFF,
  PPMID1,
  TARIFF,
} from '../visibility/scenario-world.ts';
import { satview } from '../testing/cli-runner.ts';

const AT = ['--at', '2024-06-15T12:00:00Z'];

/** The objects of an NDJSON output, one a line. */
function ndjson<T>(stdout: string): T[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as T);
}

describe('satview query, why and pending', () => {
  let dir: string;
  let db: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'satview-query-'));
    db = join(dir, 's.db');
    const store = await openStore({ kind: 'sqlite', path: db });
    await buildScenarioWorld(store);
    await store.close();
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `satview COMMAND` on the scenario store as PARTY. */
  const asParty = (command: string, party: string, ...args: string[]) =>
    satview(command, '--db', db, '--as', party, ...args);

  it('writes one RecordView per NDJSON line, newest first, with Device IDs in DUIS form', async () => {
    const run = await asParty(
      'query',
      'ELEC02',
      '--device',
      '00db120000000001',
      '--format',
      'ndjson',
      ...AT,
    );
    assert.equal(run.code, 0, run.stderr);
    const records = ndjson<RecordView>(run.stdout);
    assert.ok(records.length > 10);
    assert.equal(records[0]?.requestId, requestIdText(GAINING_READ));
    assert.equal(records[0]?.deviceId, ESME1);
    const tariff = records.find((r) => r.requestId === requestIdText(TARIFF));
    assert.equal(tariff?.visibility.basis, 'responsible-supplier');
    assert.deepEqual(Object.keys(tariff?.sender ?? {}), [
      'userId',
      'partyId',
      'role',
    ]);
  });

  it('prints an aligned table, limited and filtered', async () => {
    const run = await asParty(
      'query',
      'ELEC02',
      '--device',
      ESME1,
      '--srv',
      '1.1.1',
      '--limit',
      '4',
      ...AT,
    );
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0] ?? '', /^LOGGED AT\s+KIND\s+SRV/);
    const column = (lines[0] ?? '').indexOf('SRV');
    for (const line of lines.slice(1)) {
      assert.equal(line.slice(column, column + 5), '1.1.1');
    }
  });

  it('shows a Request thread with its status', async () => {
    const run = await asParty(
      'query',
      'ELEC02',
      '--request',
      requestIdText(PENDING_TARIFF),
      ...AT,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /status pending-execution/);
  });

  it('answers "no record visible" with exit 1 for a party with no relation', async () => {
    const run = await asParty('query', 'NOBODY', '--device', ESME1, ...AT);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /no record visible to NOBODY/);
  });

  it('names an unknown party with SV_PARTY_UNKNOWN', async () => {
    const run = await asParty('query', 'GHOST', '--device', ESME1);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /SV_PARTY_UNKNOWN/);
  });

  it('refuses a query with no target as a usage error', async () => {
    const run = await asParty('query', 'ELEC02');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /exactly one of --device, --request and --mpxn/);
  });

  it('explains why a supplier sees a PPMID', async () => {
    const run = await asParty('why', 'ELEC02', '--device', PPMID1, ...AT);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Responsible Supplier/);
    assert.match(run.stdout, /HAN link/);
    assert.match(run.stdout, /ELEC01 \(ELEC01 Ltd\)/);
  });

  it('lists the pending future-dated commands of a device', async () => {
    const run = await asParty(
      'pending',
      'ELEC02',
      '--device',
      ESME1,
      '--format',
      'ndjson',
      ...AT,
    );
    assert.equal(run.code, 0, run.stderr);
    const threads = ndjson<ThreadView>(run.stdout);
    assert.deepEqual(
      threads.map((th) => th.requestId),
      [requestIdText(PENDING_TARIFF)],
    );
    const none = await asParty('pending', 'NOBODY', '--device', ESME1);
    assert.equal(none.code, 1);
  });
});
