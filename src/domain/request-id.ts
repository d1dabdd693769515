/**
 * DUIS Request IDs: `originator:target:counter`, where originator and target
 * are EUI-64s and the counter is an unsigned 64-bit integer. The counter is
 * kept as a decimal string so that no precision is lost (DCC counters exceed
 * Number.MAX_SAFE_INTEGER).
 */
import { SatviewError } from '../errors/satview-error.ts';
import { type Eui64, formatEui64, tryParseEui64 } from './eui64.ts';

/** A parsed Request ID (or Response ID, which has the same shape). */
export interface RequestId {
  readonly originator: Eui64;
  readonly target: Eui64;
  /** Unsigned 64-bit counter, in decimal, without leading zeros. */
  readonly counter: string;
}

const MAX_COUNTER = 18446744073709551615n;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** Reads a Request ID; the error names the part that is wrong. */
export function parseRequestId(text: string): RequestId {
  const parts = text.trim().split(':');
  if (parts.length !== 3) {
    throw invalid(text, 'does not have three parts separated by colons');
  }
  const [originatorText, targetText, counterText] = parts as [
    string,
    string,
    string,
  ];
  const originator = tryParseEui64(originatorText);
  if (originator === undefined) {
    throw invalid(text, emptyOr(originatorText, 'originator'));
  }
  const target = tryParseEui64(targetText);
  if (target === undefined) throw invalid(text, emptyOr(targetText, 'target'));
  return { originator, target, counter: parseCounter(text, counterText) };
}

function parseCounter(text: string, counter: string): string {
  if (counter === '') throw invalid(text, 'has an empty counter');
  if (!DECIMAL.test(counter) || BigInt(counter) > MAX_COUNTER) {
    throw invalid(
      text,
      `has a counter '${counter}' that is not a 64-bit ` + 'unsigned integer',
    );
  }
  return counter;
}

function emptyOr(part: string, name: string): string {
  return part === ''
    ? `has an empty ${name}`
    : `has an ${name} '${part}' that is not an EUI-64`;
}

function invalid(text: string, reason: string): SatviewError {
  return new SatviewError('requestIdInvalid', `RequestID '${text}' ${reason}`, {
    value: text,
  });
}

/** Writes a Request ID in the DUIS form (upper-case hyphenated EUIs). */
export function formatRequestId(id: RequestId): string {
  return `${formatEui64(id.originator)}:${formatEui64(id.target)}:${id.counter}`;
}
