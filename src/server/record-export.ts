/**
 * Exports of record views as CSV or NDJSON. They are written page by page
 * as the query pages through, so an export of a long history never sits
 * in memory whole; each page is access-logged before it is written.
 */
import { Readable } from 'node:stream';

import type { RecordView } from '../visibility/record-view.ts';

/** The export formats, by file extension. */
export type ExportFormat = 'csv' | 'ndjson';

/** Media type of each format. */
export const EXPORT_MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
};

/** Content-Type header of each format. */
export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** The CSV columns, in order; nested parts are flattened or JSON. */
export const CSV_COLUMNS: readonly string[] = [
  'id',
  'loggedAt',
  'loggedAtSource',
  'kind',
  'requestId',
  'responseId',
  'srv',
  'srvName',
  'serviceReference',
  'commandVariant',
  'senderUserId',
  'senderPartyId',
  'senderRole',
  'deviceId',
  'responseCode',
  'responseAt',
  'executionAt',
  'alertCode',
  'visibility',
  'withheld',
  'payload',
];

/** A stream of the export: CSV header first, then every page's lines.
 * `beforePage` runs (e.g. writes the access log) before a page is sent. */
export function exportStream(
  format: ExportFormat,
  pages: AsyncIterable<readonly RecordView[]>,
  beforePage: (page: readonly RecordView[]) => Promise<void>,
): Readable {
  async function* lines(): AsyncGenerator<string> {
    if (format === 'csv') yield CSV_COLUMNS.join(',') + '\r\n';
    for await (const page of pages) {
      await beforePage(page);
      yield page.map(format === 'csv' ? csvLine : ndjsonLine).join('');
    }
  }
  return Readable.from(lines());
}

/** One record as an NDJSON line. */
export function ndjsonLine(view: RecordView): string {
  return JSON.stringify(view) + '\n';
}

/** One record as a CSV line (RFC 4180, CRLF). */
export function csvLine(view: RecordView): string {
  const cells = [
    view.id,
    view.loggedAt,
    view.loggedAtSource,
    view.kind,
    view.requestId,
    view.responseId,
    view.srv,
    view.srvName,
    view.serviceReference,
    view.commandVariant,
    view.sender.userId,
    view.sender.partyId,
    view.sender.role,
    view.deviceId,
    view.responseCode,
    view.responseAt,
    view.executionAt,
    view.alertCode,
    view.visibility.basis,
    view.withheld.join(' '),
    view.payload === undefined ? null : JSON.stringify(view.payload),
  ];
  return cells.map(csvCell).join(',') + '\r\n';
}

/** A CSV cell, quoted when needed. A cell that a spreadsheet would run as
 * a formula (=, +, -, @, tab, CR first) is prefixed with a quote mark, as
 * OWASP advises: payload text comes from other parties. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
