import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';

import { listQuarantine } from '../store/quarantine-store.ts';
import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import {
  isReferenceFile,
  loadReferenceFiles,
  loadReferenceTexts,
  type ReferenceText,
} from './reference-loader.ts';

after(releaseStores);

const ESME = '00-DB-12-00-00-00-00-01';
const GSME = '00-DB-12-00-00-00-00-02';
const CHF = '00-DB-12-00-00-00-00-03';
const MPAN = '1200000000001';
const MPRN = '7000001';

/** A small, consistent world: two suppliers, one distributor, a
 * dual-fuel installation. */
function world(): ReferenceText[] {
  return [
    {
      name: 'credentials.csv',
      text:
        'device_id,anchor,party_id,from,to\n' +
        `${ESME},network-operator,DNO01,2024-01-01T00:00:00Z,\n`,
    },
    {
      name: 'registrations.csv',
      text:
        'mpxn,role,party_id,from,to\n' +
        `${MPAN},IS,ELEC01,2024-01-01T00:00:00Z,\n` +
        `${MPAN},ED,DNO01,2024-01-01T00:00:00Z,\n` +
        `${MPRN},GS,GAS01,2024-01-01T00:00:00Z,\n`,
    },
    {
      name: 'parties.csv',
      text:
        'party_id,name\nELEC01,"Electric, Ltd"\nGAS01,Gas plc\n' +
        'DNO01,Northern Wires\nELEC02,Second Supply\n',
    },
    {
      name: 'users.csv',
      text:
        'user_id,party_id,role\n90-B3-D5-1F-30-01-00-00,ELEC01,IS\n' +
        '90-B3-D5-1F-30-02-00-00,DNO01,ED\n',
    },
    {
      name: 'devices.csv',
      text:
        'device_id,device_type,smets\n' +
        `${ESME},ESME,2\n${GSME},GSME,2\n${CHF},CHF,2\n`,
    },
    {
      name: 'meter-points.csv',
      text:
        'device_id,mpxn,from,to\n' +
        `${ESME},${MPAN},2024-01-01,\n${GSME},${MPRN},2024-01-01,\n`,
    },
    {
      name: 'han-links.csv',
      text:
        'device_id,meter_id,from,to\n' +
        `${CHF},${ESME},2024-01-01,\n${CHF},${GSME},2024-01-01,\n`,
    },
  ];
}

const WORLD_ROWS = 4 + 2 + 3 + 2 + 2 + 3 + 1;

describeEachStore('loading reference data', (fresh) => {
  it('loads files given in any order, in dependency order', async () => {
    const store = await fresh();
    const summary = await loadReferenceTexts(store, world());
    assert.deepEqual(summary, {
      accepted: WORLD_ROWS,
      duplicates: 0,
      quarantined: 0,
    });
    const party = await store.db
      .selectFrom('party')
      .selectAll()
      .where('party_id', '=', 'ELEC01')
      .executeTakeFirstOrThrow();
    assert.equal(party.name, 'Electric, Ltd');
  });

  it('adds nothing when the same files load twice', async () => {
    const store = await fresh();
    await loadReferenceTexts(store, world());
    const again = await loadReferenceTexts(store, world());
    assert.deepEqual(again, {
      accepted: 0,
      duplicates: WORLD_ROWS,
      quarantined: 0,
    });
  });

  it('closes an open registration when a later file gives its end', async () => {
    const store = await fresh();
    await loadReferenceTexts(store, world());
    const change = await loadReferenceTexts(store, [
      {
        name: 'registrations-2024-06.csv',
        text:
          'mpxn,role,party_id,from,to\n' +
          `${MPAN},IS,ELEC01,2024-01-01T00:00:00Z,2024-06-01T00:00:00Z\n` +
          `${MPAN},IS,ELEC02,2024-06-01T00:00:00Z,\n`,
      },
    ]);
    assert.deepEqual(change, { accepted: 2, duplicates: 0, quarantined: 0 });
    const rows = await store.db
      .selectFrom('registration')
      .select(['party_id', 'valid_from', 'valid_to'])
      .where('mpxn', '=', MPAN)
      .where('role', '=', 'IS')
      .orderBy('valid_from')
      .execute();
    assert.deepEqual(rows, [
      {
        party_id: 'ELEC01',
        valid_from: Date.UTC(2024, 0, 1),
        valid_to: Date.UTC(2024, 5, 1),
      },
      { party_id: 'ELEC02', valid_from: Date.UTC(2024, 5, 1), valid_to: null },
    ]);
  });

  it('quarantines bad rows with file, line and reason, and loads the rest', async () => {
    const store = await fresh();
    await loadReferenceTexts(store, world());
    const summary = await loadReferenceTexts(store, [
      {
        name: 'registrations-bad.csv',
        text:
          'mpxn,role,party_id,from,to\n' +
          `${MPAN},IS,NOBODY,2024-01-01,\n` +
          `12345,IS,ELEC01,2024-01-01,\n` +
          `${MPAN},XX,ELEC01,2024-01-01,\n` +
          `${MPAN},ES,ELEC02,2024-03-01,2024-02-01\n` +
          `${MPAN},IS,ELEC02,2024-03-01,\n` +
          `${MPAN},ES,ELEC02,2024-03-01,\n`,
      },
      {
        name: 'credentials-bad.csv',
        text:
          'device_id,anchor,party_id,from,to\n' +
          `${ESME},root,DNO01,2024-01-01,\n` +
          `00-DB-XX,supplier,ELEC01,2024-01-01,\n` +
          `${ESME},supplier,ELEC01,2024-01-01,\n`,
      },
    ]);
    assert.deepEqual(summary, { accepted: 2, duplicates: 0, quarantined: 7 });
    const entries = await listQuarantine(store, { limit: 50 });
    const reasons = new Map(entries.map((e) => [e.source, e.reason]));
    assert.match(reasons.get('registrations-bad.csv:2') ?? '', /party NOBODY/);
    assert.match(reasons.get('registrations-bad.csv:3') ?? '', /mpxn '12345'/);
    assert.match(reasons.get('registrations-bad.csv:4') ?? '', /role XX/);
    assert.match(reasons.get('registrations-bad.csv:5') ?? '', /not before/);
    assert.match(
      reasons.get('registrations-bad.csv:6') ?? '',
      /overlaps the IS registration of ELEC01/,
    );
    assert.match(reasons.get('credentials-bad.csv:2') ?? '', /anchor 'root'/);
    assert.match(reasons.get('credentials-bad.csv:3') ?? '', /EUI-64/);
    assert.equal(entries[0]?.code, 'SV_REFERENCE_ROW_INVALID');
  });

  it('refuses a meter point on a device that is not a meter', async () => {
    const store = await fresh();
    await loadReferenceTexts(store, world());
    const summary = await loadReferenceTexts(store, [
      {
        name: 'meter-points-2.csv',
        text:
          'device_id,mpxn,from,to\n' +
          `${CHF},${MPAN},2024-01-01,\n` +
          `${GSME},${MPAN},2024-01-01,\n` +
          `00-DB-12-00-00-00-00-99,${MPAN},2024-01-01,\n`,
      },
    ]);
    assert.deepEqual(summary, { accepted: 0, duplicates: 0, quarantined: 3 });
  });

  it('lets roles.csv add a role that users can then hold', async () => {
    const store = await fresh();
    const summary = await loadReferenceTexts(store, [
      {
        name: 'users.csv',
        text: 'user_id,party_id,role\n90-B3-D5-1F-30-09-00-00,ESCO1,EV\n',
      },
      { name: 'parties.csv', text: 'party_id,name\nESCO1,Charging Co\n' },
      {
        name: 'roles.csv',
        text:
          'code,name,kind\nEV,EV Charge Point Operator,other\n' +
          'IS,Import Supplier,supplier\nOU,Renamed,other\n',
      },
    ]);
    assert.deepEqual(summary, { accepted: 3, duplicates: 1, quarantined: 1 });
  });

  it('reads quoted fields that hold commas, quotes and line breaks', async () => {
    const store = await fresh();
    const summary = await loadReferenceTexts(store, [
      {
        name: 'parties.csv',
        text:
          '\uFEFFparty_id,name\r\nP1,"A ""quoted"", name"\r\n' +
          'P2,"two\nlines"\r\nP3,"never closed\n',
      },
    ]);
    assert.deepEqual(summary, { accepted: 2, duplicates: 0, quarantined: 1 });
    const names = await store.db
      .selectFrom('party')
      .select('name')
      .orderBy('party_id')
      .execute();
    assert.deepEqual(
      names.map((n) => n.name),
      ['A "quoted", name', 'two\nlines'],
    );
    const [entry] = await listQuarantine(store, { limit: 5 });
    assert.equal(entry?.source, 'parties.csv:5');
  });

  it('reads the files from disk', async () => {
    const store = await fresh();
    const dir = mkdtempSync(join(tmpdir(), 'satview-ref-'));
    try {
      const files = world().map((w) => {
        const path = join(dir, w.name);
        writeFileSync(path, w.text);
        return path;
      });
      const summary = await loadReferenceFiles(store, files);
      assert.equal(summary.accepted, WORLD_ROWS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('recognises reference files by their name', () => {
  assert.equal(isReferenceFile('data/registrations.csv'), true);
  assert.equal(isReferenceFile('registrations-2024-06.csv'), true);
  assert.equal(isReferenceFile('Meter-Points.csv'), true);
  assert.equal(isReferenceFile('han-links_v2.csv'), true);
  assert.equal(isReferenceFile('devices.xml'), false);
  assert.equal(isReferenceFile('sat-2024.csv'), false);
});
