import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { RecordView } from '../visibility/record-view.ts';
import {
  csvCell,
  csvLine,
  CSV_COLUMNS,
  exportStream,
} from './record-export.ts';

function view(overrides: Partial<RecordView> = {}): RecordView {
  return {
    id: 7,
    requestId: '90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1',
    responseId: null,
    kind: 'request',
    srv: '1.1.1',
    srvName: 'Update Import Tariff (Primary)',
    serviceReference: '1.1',
    commandVariant: 4,
    sender: {
      userId: '90-B3-D5-1F-30-01-00-00',
      partyId: 'ELEC01',
      role: 'IS',
    },
    deviceId: '00-DB-12-34-56-78-90-A0',
    loggedAt: '2025-03-01T10:00:00.000Z',
    loggedAtSource: 'envelope',
    responseCode: null,
    responseAt: null,
    executionAt: null,
    alertCode: null,
    visibility: { basis: 'own', interval: null },
    payload: { note: 'a "quoted", text' },
    withheld: [],
    ...overrides,
  };
}

async function collect(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(4), '4');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  });
});

describe('exports', () => {
  it('a CSV export has the header and one line per record, in column order', async () => {
    const line = csvLine(view());
    assert.ok(line.endsWith('\r\n'));
    assert.ok(line.startsWith('7,2025-03-01T10:00:00.000Z,envelope,request,'));
    const text = await collect(
      exportStream('csv', pages([[view()], [view({ id: 8 })]]), async () => {}),
    );
    const lines = text.trimEnd().split('\r\n');
    assert.equal(lines[0], CSV_COLUMNS.join(','));
    assert.equal(lines.length, 3);
  });

  it('an NDJSON export is one JSON record per line', async () => {
    const text = await collect(
      exportStream(
        'ndjson',
        pages([[view(), view({ id: 8 })]]),
        async () => {},
      ),
    );
    const records = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      records.map((r) => r.id),
      [7, 8],
    );
    assert.deepEqual(records[0], view());
  });

  it('runs the before-page step ahead of writing each page', async () => {
    const events: string[] = [];
    const stream = exportStream(
      'ndjson',
      pages([[view()], [view({ id: 8 })]]),
      async (page) => {
        events.push(`log ${page[0]?.id}`);
      },
    );
    for await (const chunk of stream) {
      events.push(`write ${JSON.parse(String(chunk)).id}`);
    }
    for (const id of [7, 8]) {
      const logged = events.indexOf(`log ${id}`);
      assert.ok(logged >= 0 && logged < events.indexOf(`write ${id}`));
    }
  });
});

async function* pages(
  list: RecordView[][],
): AsyncGenerator<readonly RecordView[]> {
  for (const page of list) yield page;
}
