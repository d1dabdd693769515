/**
 * Cursor pagination over records newest first, ordered by (logged_at desc,
 * id desc). A cursor is the position of the last record of a page, as
 * base64url of `loggedAt:id`: opaque to callers, stable across inserts.
 */
import { SatviewError } from '../errors/satview-error.ts';

/** Where the next page starts (exclusive). */
export interface CursorPosition {
  readonly loggedAt: number;
  readonly id: number;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

/** Writes a cursor for the position after a record. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.loggedAt}:${position.id}`).toString(
    'base64url',
  );
}

/** Reads a cursor; throws SV_BAD_REQUEST when it is not one of ours. */
export function decodeCursor(cursor: string): CursorPosition {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(-?\d{1,16}):(\d{1,16})$/.exec(text);
  if (match === null) {
    throw new SatviewError('badRequest', `cursor '${cursor}' is not valid`, {
      parameter: 'cursor',
    });
  }
  return { loggedAt: Number(match[1]), id: Number(match[2]) };
}

/** The page size asked for, checked; throws SV_BAD_REQUEST out of range. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new SatviewError(
      'badRequest',
      `limit ${limit} is not an integer from 1 to ${MAX_LIMIT}`,
      { parameter: 'limit' },
    );
  }
  return limit;
}
