/**
 * Reading the flags commands share, each one way: a missing or malformed
 * flag is a usage error (exit 2) that names the flag and repeats the
 * command's usage.
 */
import { parseIsoTime } from '../ingest/iso-time.ts';
import { SatviewError } from '../errors/satview-error.ts';
import type { Viewer } from '../visibility/record-view.ts';

/** A usage error: the reason, then the usage line when there is one. */
export function usageError(reason: string, usageText?: string): SatviewError {
  const usage = usageText === undefined ? '' : `\nusage: ${usageText}`;
  return new SatviewError('usage', `${reason}${usage}`);
}

/** A flag that must be given, trimmed; a usage error when missing. */
export function requiredFlag(
  value: string | undefined,
  name: string,
  usageText: string,
): string {
  if (value === undefined || value.trim() === '') {
    throw usageError(`--${name} is required`, usageText);
  }
  return value.trim();
}

/** The viewer named by --as; a usage error when missing. */
export function viewerFlag(
  party: string | undefined,
  usageText: string,
): Viewer {
  if (party === undefined || party.trim() === '') {
    throw usageError('--as PARTY is required', usageText);
  }
  return { partyId: party.trim() };
}

/** An ISO 8601 time flag, as epoch ms. */
export function timeFlag(
  text: string | undefined,
  name: string,
  usageText: string,
): number | undefined {
  if (text === undefined) return undefined;
  const value = parseIsoTime(text);
  if (value === undefined) {
    throw usageError(`--${name} '${text}' is not an ISO 8601 time`, usageText);
  }
  return value;
}

/** A --format flag checked against the formats a command writes. */
export function formatFlag(
  text: string | undefined,
  formats: readonly string[],
  usageText: string,
): string {
  const format = text ?? formats[0] ?? '';
  if (!formats.includes(format)) {
    throw usageError(
      `--format '${format}' is not one of ${formats.join(', ')}`,
      usageText,
    );
  }
  return format;
}

/** The bounds an integer flag must keep, and the usage to repeat. */
export interface IntegerBounds {
  readonly min?: number;
  readonly max?: number;
  readonly usage?: string;
}

/** An integer flag, `fallback` when absent; out of bounds is a usage error. */
export function integerFlag<T extends number | undefined>(
  text: string | undefined,
  name: string,
  fallback: T,
  bounds: IntegerBounds = {},
): number | T {
  if (text === undefined) return fallback;
  const value = Number(text);
  const { min = -Infinity, max = Infinity } = bounds;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw usageError(
      `--${name} '${text}' is not ${kindOf(bounds)}`,
      bounds.usage,
    );
  }
  return value;
}

/** How an integer flag's bounds read in its error. */
function kindOf({ min, max }: IntegerBounds): string {
  if (min !== undefined && max !== undefined) {
    return `an integer from ${min} to ${max}`;
  }
  if (min === 0) return 'a whole number';
  if (min === 1) return 'a positive integer';
  return min === undefined ? 'an integer' : `an integer of at least ${min}`;
}
