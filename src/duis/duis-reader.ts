/**
 * The DUIS reader: one DUIS XML message in, the fields satview keeps out.
 *
 * It reads `sr:Request` and `sr:Response` of schema versions 5.0 to 5.4
 * with any namespace prefixes, in a single streaming pass (saxes), and
 * refuses anything else with a SatviewError whose message names the
 * problem and where it is:
 * - `duisTooLarge`: over `maxBytes`, checked before parsing;
 * - `duisUnsafe`: a DOCTYPE (and so any entity declaration), or a
 *   reference to an undeclared entity;
 * - `duisRefused`: not well formed, or not DUIS satview can read.
 *
 * Signatures are not verified; the flags `unsigned` and
 * `signature-without-serial` only record what is missing.
 *
 * @example
 * const message = readDuisMessage(xml);
 * message.kind; // 'request'
 * message.srv; // '4.1.1'
 */
import type { ParsedMessage } from '../domain/sat-record.ts';
import { SatviewError } from '../errors/satview-error.ts';
import { scanDuis } from './duis-scanner.ts';
import { readSchemaVersion } from './field-reader.ts';
import { readRequest } from './request-reader.ts';
import { readResponse } from './response-reader.ts';

/** Options of {@link readDuisMessage}. */
export interface ReadOptions {
  /** Largest message accepted, in bytes of UTF-8; default 1 MiB. */
  readonly maxBytes?: number;
}

/** The default size limit: far above any DUIS message (a few KB). */
export const DEFAULT_MAX_BYTES = 1024 * 1024;

/** Reads one DUIS message; throws SatviewError when it cannot. */
export function readDuisMessage(
  xml: string | Buffer,
  options: ReadOptions = {},
): ParsedMessage {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  checkSize(xml, maxBytes);
  const text = typeof xml === 'string' ? xml : xml.toString('utf8');
  const scan = scanDuis(text);
  const schemaVersion = readSchemaVersion(scan.schemaVersion, scan.root);
  return scan.root === 'Request'
    ? readRequest(scan, schemaVersion)
    : readResponse(scan, schemaVersion);
}

function checkSize(xml: string | Buffer, maxBytes: number): void {
  const bytes = byteLength(xml, maxBytes);
  if (bytes > maxBytes) {
    throw new SatviewError(
      'duisTooLarge',
      `the message is ${bytes} bytes, over the limit of ${maxBytes}`,
      { bytes, maxBytes },
    );
  }
}

/**
 * The UTF-8 size, without encoding when the answer is plain: a UTF-16 code
 * unit takes one to three bytes, so short strings cannot be over the limit.
 */
function byteLength(xml: string | Buffer, maxBytes: number): number {
  if (typeof xml !== 'string') return xml.length;
  if (xml.length * 3 <= maxBytes) return xml.length;
  return Buffer.byteLength(xml, 'utf8');
}
