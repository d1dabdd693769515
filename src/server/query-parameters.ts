/**
 * Query-string pieces the routes share: their JSON schemas (validated by
 * Fastify before a handler runs) and the conversions the schemas cannot
 * express, such as an ISO time to epoch milliseconds.
 */
import { SatviewError } from '../errors/satview-error.ts';

/** An ISO 8601 time (a date alone means its midnight UTC). */
export const INSTANT = {
  type: 'string',
  minLength: 4,
  maxLength: 40,
  description: 'ISO 8601, e.g. 2025-03-01 or 2025-03-01T12:00:00Z',
} as const;

/** A page size, 1 to 500. */
export const LIMIT = {
  type: 'integer',
  minimum: 1,
  maximum: 500,
  default: 100,
} as const;

/** An opaque cursor from a previous page. */
export const CURSOR = { type: 'string', minLength: 1, maxLength: 200 } as const;

/** A Device ID in any common EUI-64 spelling. */
export const DEVICE_ID = {
  type: 'string',
  minLength: 16,
  maxLength: 23,
  description: 'EUI-64, e.g. 00-DB-12-34-56-78-90-A0',
} as const;

/** Epoch ms for an ISO time parameter; undefined when absent. */
export function parseInstant(
  name: string,
  text: string | undefined,
): number | undefined {
  if (text === undefined) return undefined;
  const at = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at)) {
    throw new SatviewError(
      'badRequest',
      `${name} '${text}' is not an ISO 8601 time such as 2025-03-01T00:00:00Z`,
      { parameter: name },
    );
  }
  return at;
}

/** Epoch ms as an ISO 8601 UTC string. */
export function isoTime(at: number): string {
  return new Date(at).toISOString();
}
