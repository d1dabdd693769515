import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { satview } from '../testing/cli-runner.ts';

const WORLD = ['--premises', '10', '--days', '200', '--seed', 'cli'];

describe('satview demo', () => {
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'satview-demo-'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the world into the store and answers with the tour', async () => {
    const db = join(dir, 'direct.db');
    const run = await satview('demo', ...WORLD, '--db', db, '--json');
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    assert.ok(summary.records > 300);
    assert.equal(summary.accepted, summary.records);
    assert.equal(summary.quarantined, 0);
    assert.equal(summary.references.quarantined, 0);
    assert.deepEqual(
      summary.tour.map((c: { id: string }) => c.id),
      [
        'change-of-supplier',
        'dual-fuel-hub',
        'network-operator-change',
        'other-user',
        'meter-exchange',
        'smets1-meter',
      ],
    );
  });

  it('prints the guided tour for a person to follow', async () => {
    const db = join(dir, 'tour.db');
    const run = await satview('demo', ...WORLD, '--db', db);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /guided tour:/);
    assert.match(run.stdout, /view as HEARTH .*\n\s+compare with BRITEN/);
  });

  it('writes reference CSVs and NDJSON files of the same world', async () => {
    const out = join(dir, 'files');
    const run = await satview(
      'demo',
      ...WORLD,
      '--out',
      out,
      '--lines-per-file',
      '200',
      '--json',
    );
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    const files = readdirSync(out).sort();
    assert.deepEqual(files, [...summary.files].sort());
    const lines = files
      .filter((f) => f.endsWith('.ndjson'))
      .map((f) => readFileSync(join(out, f), 'utf8').trimEnd().split('\n'));
    assert.ok(lines.every((file) => file.length <= 200));
    assert.equal(lines.flat().length, summary.records);
    const first = JSON.parse(lines[0]?.[0] ?? '{}');
    assert.match(first.loggedAt, /^\d{4}-\d\d-\d\dT.*Z$/);
    assert.match(first.xml, /^<\?xml/);
    const header = readFileSync(join(out, 'registrations.csv'), 'utf8');
    assert.match(header, /^mpxn,role,party_id,from,to\n/);
  });

  it('writes the same files, byte for byte, for the same options', async () => {
    const again = join(dir, 'again');
    const args = ['--out', again, '--lines-per-file', '200'];
    const run = await satview('demo', ...WORLD, ...args);
    assert.equal(run.code, 0, run.stderr);
    const first = join(dir, 'files');
    const names = readdirSync(first).sort();
    assert.deepEqual(readdirSync(again).sort(), names);
    for (const name of names) {
      const same = readFileSync(join(again, name)).equals(
        readFileSync(join(first, name)),
      );
      assert.ok(same, `${name} is the same`);
    }
  });

  it('refuses to write into a folder that holds other files', async () => {
    const out = join(dir, 'files');
    const run = await satview('demo', ...WORLD, '--out', out);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /not empty/);
  });

  it('refuses a world too small or too short, naming the problem', async () => {
    const run = await satview('demo', '--premises', '0', '--days', '5');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /premises 0 .*days 5/);
  });
});
