import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  formatInterval,
  formatRelative,
  formatTime,
  inputFromIso,
  isoFromInput,
} from './time-format.ts';

describe('time formats', () => {
  it('shows every time in UTC to the second', () => {
    assert.equal(formatTime('2026-03-14T09:12:03.456Z'), '2026-03-14 09:12:03');
    assert.equal(
      formatTime('2026-03-14T10:12:03+01:00'),
      '2026-03-14 09:12:03',
    );
    assert.equal(formatTime(null), '—');
  });

  it('shows an open interval as running to now, and own traffic as always', () => {
    assert.equal(
      formatInterval({ from: '2026-01-01T00:00:00Z', to: null }),
      '2026-01-01 → now',
    );
    assert.equal(formatInterval(null), 'always (own traffic)');
  });

  it('says how far ahead or back a time is', () => {
    const now = Date.UTC(2026, 0, 1);
    assert.equal(formatRelative('2026-01-04T00:00:00Z', now), 'in 3 d');
    assert.equal(formatRelative('2025-12-31T22:00:00Z', now), '2 h ago');
  });

  it('reads a datetime-local input as UTC, and back', () => {
    assert.equal(isoFromInput('2026-03-14T09:12'), '2026-03-14T09:12:00.000Z');
    assert.equal(isoFromInput(''), undefined);
    assert.equal(inputFromIso('2026-03-14T09:12:00.000Z'), '2026-03-14T09:12');
  });
});
