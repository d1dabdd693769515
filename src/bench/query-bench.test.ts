import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';

import { benchmark, replaceVisibilityFigures } from './query-bench.ts';

describe('satview bench query', () => {
  it('measures the device query with and without the rule, and the feed both ways, on a small world', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    stdout.on('data', (chunk) => (out += String(chunk)));
    stderr.resume();
    const code = await benchmark.run(
      ['--records', '2000', '--devices', '20', '--queries', '20', '--no-docs'],
      { stdout, stderr },
    );
    assert.equal(code, 0);
    assert.match(out, /\| SQLite \| with the rule \| [\d.]+ \|/);
    assert.match(out, /\| SQLite \| without \| [\d.]+ \|/);
    assert.match(out, /100 records a page/);
    assert.match(out, /\| SQLite \| as listFeed reads it \| [\d.]+ \|/);
    assert.match(out, /\| SQLite \| device by device \| [\d.]+ \| [\d.]+ \|/);
  });

  it('rewrites only its own section of BENCHMARKS.md', () => {
    const first = replaceVisibilityFigures(
      '# Benchmarks\n\n## Ingest\n\nx\n',
      'A',
    );
    assert.match(
      first,
      /## Ingest\n\nx\n\n## Visibility\n\n<!-- query-bench:start -->\nA\n/,
    );
    const notes = `${first}\nNotes kept.\n`;
    const second = replaceVisibilityFigures(notes, 'B');
    assert.equal(second, notes.replace('\nA\n', '\nB\n'));
  });
});
