/**
 * Readers for the individual values of a DUIS message: Request IDs, times,
 * Command Variants, codes. Each refuses a bad value with a message that
 * names the element and the value, so that a quarantined message says what
 * is wrong with it.
 */
import { type Eui64, tryParseEui64 } from '../domain/eui64.ts';
import { parseRequestId, type RequestId } from '../domain/request-id.ts';
import { SatviewError, isSatviewError } from '../errors/satview-error.ts';

/** The schema versions satview reads (DUIS 5.0 to 5.4). */
const SCHEMA_VERSIONS: ReadonlySet<string> = new Set([
  '5.0',
  '5.1',
  '5.2',
  '5.3',
  '5.4',
]);

/** A refusal: the message is not DUIS satview can read. */
export function refuse(
  message: string,
  details: Record<string, unknown> = {},
): SatviewError {
  return new SatviewError('duisRefused', message, details);
}

/** The trimmed text of a required element, or a refusal naming it. */
export function required(
  fields: ReadonlyMap<string, string>,
  name: string,
  container: string,
): string {
  const text = fields.get(name);
  if (text === undefined) throw refuse(`${container} has no ${name}`);
  return text;
}

/** Checks the root's schemaVersion attribute and answers it. */
export function readSchemaVersion(
  value: string | undefined,
  root: string,
): string {
  if (value === undefined) {
    throw refuse(`sr:${root} has no schemaVersion attribute`);
  }
  if (!SCHEMA_VERSIONS.has(value)) {
    throw refuse(
      `schemaVersion '${value}' is not supported (satview reads 5.0 to 5.4)`,
      { schemaVersion: value },
    );
  }
  return value;
}

/**
 * Reads a RequestID, ResponseID or PrecedingServiceRequestID. The domain
 * parser's messages say which part is wrong; they are kept, but speak of
 * the element actually read.
 */
export function readIdField(text: string, element: string): RequestId {
  refuseEmptyPart(text, element);
  try {
    return parseRequestId(text);
  } catch (error) {
    if (!isSatviewError(error, 'requestIdInvalid')) throw error;
    const reason = error.message.replace(/^RequestID /, `${element} `);
    throw refuse(reason, { element, value: text });
  }
}

/**
 * parseRequestId names an empty originator, target or counter, but text
 * with an extra colon (e.g. `A:B::1000`) only "does not have three parts";
 * saying which part is empty is more use to whoever fixes the feed.
 */
function refuseEmptyPart(text: string, element: string): void {
  const parts = text.split(':');
  if (parts.length <= 3) return;
  const empty = parts.indexOf('');
  if (empty < 0) return;
  const where =
    empty === 0
      ? 'an empty originator (it starts with a colon)'
      : empty === parts.length - 1
        ? 'an empty part at the end (a trailing colon)'
        : `an empty part after colon ${empty} (two colons in a row)`;
  throw refuse(`${element} '${text}' has ${where}`, { element, value: text });
}

/** Reads the Command Variant: an integer from 1 to 8 (9 is DCC-internal). */
export function readCommandVariant(text: string): number {
  if (!/^[1-8]$/.test(text)) {
    throw refuse(`CommandVariant '${text}' is not a number from 1 to 8`, {
      value: text,
    });
  }
  return Number(text);
}

/** Checks an xs:boolean such as FirstInSequence. */
export function checkBoolean(text: string | undefined, element: string): void {
  if (text === undefined) return;
  if (text !== 'true' && text !== 'false' && text !== '1' && text !== '0') {
    throw refuse(`${element} '${text}' is not true or false`, {
      element,
      value: text,
    });
  }
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Reads an xs:dateTime into epoch milliseconds. DUIS times are UTC; one
 * written without a zone is taken as UTC rather than as the local time of
 * whichever machine ingests it.
 */
export function readDateTime(text: string, element: string): number {
  const match = DATE_TIME.exec(text);
  const ms = match === null ? NaN : dateTimeMs(match);
  if (Number.isNaN(ms)) {
    throw refuse(`${element} '${text}' is not an xs:dateTime`, {
      element,
      value: text,
    });
  }
  return ms;
}

function dateTimeMs(match: RegExpExecArray): number {
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number(((match[7] ?? '') + '000').slice(0, 3));
  // setUTCFullYear, because Date.UTC reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, millis);
  const valid =
    date.getUTCDate() === d &&
    date.getUTCMonth() === mo - 1 &&
    mi < 60 &&
    s < 60 &&
    h < 24;
  return valid ? date.getTime() - zoneOffsetMs(match[8]) : NaN;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  return sign * (hours * 60 + minutes) * 60_000;
}

/** An xs:dateTime that may be absent. */
export function readOptionalDateTime(
  text: string | undefined,
  element: string,
): number | null {
  return text === undefined ? null : readDateTime(text, element);
}

/** Reads a DeviceID from a body, or answers null when there is none. */
export function readDeviceId(text: string | null): Eui64 | null {
  if (text === null) return null;
  const eui = tryParseEui64(text);
  if (eui === undefined) {
    throw refuse(`DeviceID '${text}' is not an EUI-64`, { value: text });
  }
  return eui;
}
