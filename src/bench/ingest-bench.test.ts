import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { replaceIngestFigures } from './ingest-bench.ts';

describe('writing the Ingest figures into docs/BENCHMARKS.md', () => {
  it('creates the file with an Ingest section when there is none', () => {
    const out = replaceIngestFigures('', 'FIGURES');
    assert.match(
      out,
      /^# Benchmarks\n\n## Ingest\n\n<!-- ingest-bench:start -->\nFIGURES\n<!-- ingest-bench:end -->\n$/,
    );
  });

  it('replaces only the figures, keeping notes and the other sections', () => {
    const before = [
      '# Benchmarks',
      '',
      '## Ingest',
      '',
      '<!-- ingest-bench:start -->',
      'OLD',
      '<!-- ingest-bench:end -->',
      '',
      'Hand-written notes.',
      '',
      '## Query',
      '',
      'Query figures.',
      '',
    ].join('\n');
    const after = replaceIngestFigures(before, 'NEW');
    assert.equal(after, before.replace('OLD', 'NEW'));
  });

  it('adds the figures under an Ingest heading that has none yet', () => {
    const before = '# Benchmarks\n\n## Ingest\n\nNotes.\n\n## API\n\nx\n';
    const after = replaceIngestFigures(before, 'NEW');
    assert.match(
      after,
      /## Ingest\n\n<!-- ingest-bench:start -->\nNEW\n<!-- ingest-bench:end -->\n\nNotes\.\n\n## API/,
    );
  });
});
