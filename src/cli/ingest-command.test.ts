import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import {
  ndjsonLine,
  requestXml,
  responseXml,
  tempFolder,
  writeFiles,
} from '../ingest/ingest-test-input.ts';
import { satview } from '../testing/cli-runner.ts';

describe('satview ingest and satview quarantine', () => {
  const dir = tempFolder();
  const db = join(dir, 'store', 's.db');
  writeFiles(dir, {
    'in/request.xml': requestXml(1),
    'in/sat.ndjson': [ndjsonLine(responseXml(1)), 'oops'].join('\n'),
    'in/parties.csv': 'party_id,name\nELEC01,Electric One\n',
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the summary as one JSON object with --json', async () => {
    const run = await satview('ingest', '--db', db, '--json', join(dir, 'in'));
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    assert.equal(summary.accepted, 2);
    assert.equal(summary.duplicates, 0);
    assert.equal(summary.quarantined, 1);
    assert.deepEqual(summary.references, {
      accepted: 1,
      duplicates: 0,
      quarantined: 0,
    });
  });

  it('says what a second run did in words: nothing new', async () => {
    const run = await satview('ingest', '--db', db, join(dir, 'in'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /accepted\s+0\n/);
    assert.match(run.stdout, /duplicates\s+3\n/);
    assert.match(run.stdout, /could not be read/);
  });

  it('exits 1 naming a path that does not exist, and loads nothing', async () => {
    const fresh = join(dir, 'other.db');
    const missing = join(dir, 'nope.ndjson');
    const run = await satview(
      'ingest',
      '--db',
      fresh,
      join(dir, 'in'),
      missing,
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /No such file or folder: .*nope\.ndjson/);
    assert.match(run.stderr, /SV_INPUT_UNREADABLE/);
    const listed = await satview('quarantine', '--db', fresh, '--json');
    assert.equal(listed.stdout, '');
    assert.ok(existsSync(fresh));
  });

  it('lists the quarantine with source, code and reason', async () => {
    const run = await satview('quarantine', '--db', db, '--json');
    assert.equal(run.code, 0, run.stderr);
    const [entry] = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(entry.source, `${join(dir, 'in', 'sat.ndjson')}:2`);
    assert.equal(entry.code, 'SV_INPUT_UNREADABLE');
    assert.match(entry.reason, /not JSON/);
    assert.ok(!Number.isNaN(Date.parse(entry.quarantinedAt)));
    const table = await satview('quarantine', '--db', db);
    assert.match(table.stdout, /SV_INPUT_UNREADABLE .*sat\.ndjson:2/);
    assert.match(table.stdout, /1 of 1/);
  });
});
