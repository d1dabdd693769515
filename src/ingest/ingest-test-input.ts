/**
 * Small DUIS inputs for the ingest tests: a Service Request, its
 * acknowledgement and its Service Response, written out as the files
 * `satview ingest` reads (XML, NDJSON, gzip, folders).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const SR = 'http://www.dccinterface.co.uk/ServiceUserGateway';
const USER = '90-B3-D5-1F-30-01-00-00';
const DEVICE = '00-DB-12-34-56-78-90-A0';

/** The Request ID of the test thread with this counter. */
export function testRequestId(counter: number): string {
  return `${USER}:${DEVICE}:${counter}`;
}

/** A CV 1 Read Firmware Version request (unsigned, as a test need not
 * sign). */
export function requestXml(counter: number): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<sr:Request xmlns:sr="${SR}" schemaVersion="5.4"><sr:Header>` +
    `<sr:RequestID>${testRequestId(counter)}</sr:RequestID>` +
    '<sr:CommandVariant>1</sr:CommandVariant>' +
    '<sr:ServiceReference>11.2</sr:ServiceReference>' +
    '<sr:ServiceReferenceVariant>11.2</sr:ServiceReferenceVariant>' +
    '</sr:Header><sr:Body><sr:ReadFirmwareVersion/></sr:Body></sr:Request>'
  );
}

/** The device's Service Response to {@link requestXml}. */
export function responseXml(counter: number, at = '2024-04-01T19:33:24.017Z') {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<sr:Response xmlns:sr="${SR}" schemaVersion="5.4"><sr:Header>` +
    `<sr:RequestID>${testRequestId(counter)}</sr:RequestID>` +
    `<sr:ResponseID>${DEVICE}:${USER}:${counter}</sr:ResponseID>` +
    '<sr:ResponseCode>I0</sr:ResponseCode>' +
    `<sr:ResponseDateTime>${at}</sr:ResponseDateTime></sr:Header>` +
    '<sr:Body><sr:ResponseMessage>' +
    '<sr:ServiceReference>11.2</sr:ServiceReference>' +
    '<sr:ServiceReferenceVariant>11.2</sr:ServiceReferenceVariant>' +
    '<sr:GBCSPayload>3QAAAAAAAFURAAAAAN8JAgAAAYKse1oH</sr:GBCSPayload>' +
    '</sr:ResponseMessage></sr:Body></sr:Response>'
  );
}

/** An NDJSON line for a message. */
export function ndjsonLine(xml: string, loggedAt?: string): string {
  return JSON.stringify(loggedAt === undefined ? { xml } : { loggedAt, xml });
}

const folders: string[] = [];

/** A fresh temporary folder, removed by {@link removeTempFolders}. */
export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'satview-ingest-'));
  folders.push(folder);
  return folder;
}

/** Removes every folder {@link tempFolder} made; call in an after() hook. */
export function removeTempFolders(): void {
  for (const folder of folders.splice(0)) {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Writes files (relative path → content) under a folder; a `.gz` path
 * is gzipped. */
export function writeFiles(
  root: string,
  files: Readonly<Record<string, string>>,
): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, path.endsWith('.gz') ? gzipSync(content) : content);
  }
}
