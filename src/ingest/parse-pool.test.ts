import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decompressText } from '../store/payload-codec.ts';
import {
  type IngestTask,
  movableBuffers,
  recordsOf,
  taskBuffer,
} from './ingest-task.ts';
import { ndjsonLine, requestXml, responseXml } from './ingest-test-input.ts';
import { startParsePool } from './parse-pool.ts';

const XML = [requestXml(1), responseXml(1)];

function task(): Extract<IngestTask, { kind: 'ndjson' }> {
  const lines = [...XML.map((xml) => ndjsonLine(xml)), 'oops'];
  return {
    kind: 'ndjson',
    path: 'sat.ndjson',
    firstLine: 1,
    mtime: 0,
    data: Buffer.from(lines.join('\n')),
  };
}

/** A pool of `workers` started workers (no inline runs meanwhile). */
function workerPool(workers: number) {
  return startParsePool({
    workers,
    maxBytes: 1 << 20,
    inlineWhileStarting: false,
  });
}

describe('the parse pool', () => {
  it('moves a task’s own memory to the worker and copies any other', async () => {
    const pooled = await workerPool(1);
    try {
      const plain = task();
      const plainBytes = Buffer.from(plain.data);
      const own = {
        ...plain,
        data: taskBuffer([plainBytes]),
      };
      assert.deepEqual(movableBuffers(plain), [], 'any Buffer may be shared');
      const fromOwn = await pooled.run(own);
      const fromPlain = await pooled.run(plain);
      assert.equal(own.data.byteLength, 0, 'moved');
      assert.deepEqual(Buffer.from(plain.data), plainBytes, 'copied');
      assert.deepEqual(fromOwn.values, fromPlain.values);
      assert.equal(fromOwn.messages, 3);
    } finally {
      await pooled.close();
    }
  });

  it('gives the same results on a worker thread as inline', async () => {
    const inline = await startParsePool({ workers: 0, maxBytes: 1 << 20 });
    const pooled = await workerPool(1);
    try {
      const a = await inline.run(task());
      const b = await pooled.run(task());
      assert.deepEqual(b.values, a.values);
      assert.deepEqual(b.refused, a.refused);
      assert.equal(b.messages, 3);
      const xml = recordsOf(b).map((r) => decompressText(r.payload));
      assert.deepEqual(xml, XML);
    } finally {
      await pooled.close();
      await inline.close();
    }
  });

  it('spreads tasks over its workers and answers each in full', async () => {
    const pool = await workerPool(2);
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, () => pool.run(task())),
      );
      assert.deepEqual(
        results.map((r) => r.values.length),
        Array(8).fill(2),
      );
    } finally {
      await pool.close();
    }
  });
});
