import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { formatSection, replaceApiFigures, runApiBench } from './api-bench.ts';

describe('satview bench api', () => {
  it('measures the empty route and device records with and without the answer cache', async () => {
    const report = await runApiBench({
      premises: 6,
      durationSeconds: 1,
      warmupSeconds: 1,
      connections: 4,
      limit: 20,
      rounds: 1,
    });
    assert.ok(report.devices > 0);
    assert.ok(report.meanAnswerBytes > 100);
    const [round] = report.rounds;
    assert.ok(round);
    for (const result of [round.empty, round.deviceRecords, round.uncached]) {
      assert.ok(result.total > 0);
      assert.equal(result.non2xx, 0);
    }
    assert.ok(report.ratio > 0);
    const section = formatSection(report, 'a test machine', ['api']);
    assert.match(section, /\| 1 \| device records, answer cache on \|/);
  });

  it('rewrites only its own section of BENCHMARKS.md', () => {
    const before =
      '# Benchmarks\n\n## Ingest\n\nkept\n\n## API\n\n' +
      '<!-- api-bench:start -->\nold\n<!-- api-bench:end -->\n\nnotes\n';
    const after = replaceApiFigures(before, 'new');
    assert.equal(after, before.replace('old', 'new'));
    assert.equal(
      replaceApiFigures('# Benchmarks\n', 'x'),
      '# Benchmarks\n\n## API\n\n<!-- api-bench:start -->\nx\n' +
        '<!-- api-bench:end -->\n',
    );
  });
});
