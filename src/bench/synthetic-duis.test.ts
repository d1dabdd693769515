import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readDuisMessage } from '../duis/duis-reader.ts';
import { syntheticMessages } from './synthetic-duis.ts';

describe('synthetic DUIS for the benchmark', () => {
  const messages = [...syntheticMessages(3_000)];

  it('is DUIS that satview reads, every message distinct', () => {
    const kinds = new Map<string, number>();
    for (const { xml } of messages) {
      const parsed = readDuisMessage(xml);
      kinds.set(parsed.kind, (kinds.get(parsed.kind) ?? 0) + 1);
    }
    assert.deepEqual([...kinds.keys()].sort(), [
      'acknowledgement',
      'dcc-alert',
      'device-alert',
      'request',
      'response',
    ]);
    assert.equal(new Set(messages.map((m) => m.xml)).size, messages.length);
  });

  it('has messages of 1 to 5 KB, in time order', () => {
    const sizes = messages.map((m) => Buffer.byteLength(m.xml));
    assert.ok(Math.min(...sizes) >= 1000, `smallest ${Math.min(...sizes)}`);
    assert.ok(Math.max(...sizes) <= 5000, `largest ${Math.max(...sizes)}`);
    const times = messages.map((m) => Date.parse(m.loggedAt));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
  });

  it('is the same for the same seed', () => {
    const again = [...syntheticMessages(50)];
    assert.deepEqual(again, messages.slice(0, 50));
  });
});
