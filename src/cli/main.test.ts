import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { satview, tempStorePath } from '../testing/cli-runner.ts';

describe('the satview command line', () => {
  it('prints a command’s usage for --help or -h and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await satview('ingest', '--db', 'unused.db', flag);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^load SAT messages/);
      assert.match(run.stdout, /\nusage: satview ingest \[--db X\]/);
      assert.equal(run.stderr, '');
    }
  });

  it('offers --help on every command', async () => {
    const help = await satview('help');
    const names = [...help.stdout.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]);
    assert.ok(names.length >= 10, help.stdout);
    for (const name of names) {
      const run = await satview(name as string, '--help');
      assert.equal(run.code, 0, `${name}: ${run.stderr}`);
      assert.match(run.stdout, new RegExp(`usage: satview ${name}\\b`));
    }
  });

  it('takes --help after -- as an argument, not a request for help', async () => {
    const run = await satview(
      'ingest',
      '--db',
      tempStorePath(),
      '--',
      '--help',
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--help/);
    assert.doesNotMatch(run.stdout, /usage:/);
  });

  it('answers an unknown command with exit 2 and the list', async () => {
    const run = await satview('ingets');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown command 'ingets'/);
    assert.match(run.stdout, /^usage: satview COMMAND/);
  });
});
