import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readCsv } from './csv-reader.ts';
import { parseIsoTime } from './iso-time.ts';

describe('reading CSV', () => {
  it('keeps the line each record starts on, across quoted line breaks', () => {
    const { records, problems } = readCsv('a,b\r\n"x\ny",2\n\n3,"4"\n');
    assert.deepEqual(
      records.map((r) => [r.line, r.fields]),
      [
        [1, ['a', 'b']],
        [2, ['x\ny', '2']],
        [5, ['3', '4']],
      ],
    );
    assert.deepEqual(problems, []);
  });

  it('reads doubled quotes, empty fields and a last line without a break', () => {
    const { records } = readCsv('"say ""hi""",,x');
    assert.deepEqual(records[0]?.fields, ['say "hi"', '', 'x']);
  });

  it('reports a quote that is never closed', () => {
    const { records, problems } = readCsv('a\n"open\nstill');
    assert.equal(records.length, 1);
    assert.equal(problems[0]?.line, 2);
  });
});

describe('reading ISO 8601 times', () => {
  it('reads dates, times and zones as UTC epoch milliseconds', () => {
    assert.equal(parseIsoTime('2024-06-01'), Date.UTC(2024, 5, 1));
    assert.equal(
      parseIsoTime('2024-06-01T10:30'),
      Date.UTC(2024, 5, 1, 10, 30),
    );
    assert.equal(
      parseIsoTime('2024-06-01T10:30:05.25Z'),
      Date.UTC(2024, 5, 1, 10, 30, 5, 250),
    );
    assert.equal(
      parseIsoTime('2024-06-01T11:30:00+01:00'),
      Date.UTC(2024, 5, 1, 10, 30),
    );
  });

  it('refuses impossible dates and other text', () => {
    assert.equal(parseIsoTime('2024-02-30'), undefined);
    assert.equal(parseIsoTime('2024-13-01'), undefined);
    assert.equal(parseIsoTime('yesterday'), undefined);
    assert.equal(parseIsoTime('01/06/2024'), undefined);
  });
});
