import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  formatSection,
  replaceApiFigures,
  runApiBench,
  sameAnswersServer,
} from './api-bench.ts';

describe('satview bench api', () => {
  it('measures the empty route, the same answers from a bare route, and device records with and without the answer cache', async () => {
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
    const runs = [
      round.empty,
      round.sameAnswers,
      round.deviceRecords,
      round.uncached,
    ];
    for (const result of runs) {
      assert.ok(result.total > 0);
      assert.equal(result.non2xx, 0);
    }
    assert.ok(report.ratio > 0);
    assert.ok(report.sameAnswersRatio > 0);
    assert.ok(report.ofSameAnswers > 0);
    const section = formatSection(report, 'a test machine', ['api']);
    assert.match(section, /\| 1 \| device records, answer cache on \|/);
    assert.match(section, /\| 1 \| the same answers, bare Fastify \|/);
  });

  it('has its bare route send the stored bytes for a URL and 404 for others', async () => {
    const url = '/api/devices/00-00-00-00-00-00-00-01/records?limit=5';
    const body = Buffer.from('{"records":[],"nextCursor":null}');
    const app = sameAnswersServer(new Map([[url, body]]));
    try {
      const hit = await app.inject({ url });
      assert.equal(hit.statusCode, 200);
      assert.deepEqual(hit.rawPayload, body);
      assert.match(String(hit.headers['content-type']), /^application\/json/);
      const miss = await app.inject({ url: url.replace('limit=5', 'limit=6') });
      assert.equal(miss.statusCode, 404);
    } finally {
      await app.close();
    }
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
