/**
 * Query-string pieces the routes share: their JSON schemas (validated by
 * Fastify before a handler runs) and the conversions the schemas cannot
 * express, such as an ISO time to epoch milliseconds.
 */
import { RECORD_KINDS, type RecordKind } from '../domain/sat-record.ts';
import { SatviewError } from '../errors/satview-error.ts';
import type { RecordFilter } from '../visibility/record-view.ts';

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
  return text === undefined ? undefined : requireInstant(name, text);
}

/** Epoch ms for a required ISO time parameter; 400 when it is not one. */
export function requireInstant(name: string, text: string): number {
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

/** An SRV (Service Reference Variant), e.g. 1.1.1 or 8.2. */
export const SRV = {
  type: 'string',
  pattern: '^[0-9]{1,2}\\.[0-9]{1,2}(\\.[0-9]{1,2})?$',
} as const;

/** The filters of record lists and exports (PRODUCT.md §5). */
export const FILTER_PROPERTIES = {
  from: INSTANT,
  to: INSTANT,
  srv: SRV,
  senderRole: { type: 'string', pattern: '^[A-Z][A-Z0-9]{0,9}$' },
  kind: { type: 'string', enum: [...RECORD_KINDS] },
  outcome: { type: 'string', enum: ['success', 'failure', 'pending'] },
} as const;

/** The filter query parameters as sent. */
export interface FilterQuerystring {
  readonly from?: string;
  readonly to?: string;
  readonly srv?: string;
  readonly senderRole?: string;
  readonly kind?: RecordKind;
  readonly outcome?: 'success' | 'failure' | 'pending';
  readonly limit?: number;
  readonly cursor?: string;
}

/** A querystring schema of the filters, with paging unless exporting. */
export function filterQuerystring(paged: boolean) {
  return {
    type: 'object',
    additionalProperties: false,
    properties: paged
      ? { ...FILTER_PROPERTIES, limit: LIMIT, cursor: CURSOR }
      : FILTER_PROPERTIES,
  } as const;
}

/** The RecordFilter the query parameters ask for. */
export function recordFilter(query: FilterQuerystring): RecordFilter {
  return {
    from: parseInstant('from', query.from),
    to: parseInstant('to', query.to),
    srv: query.srv,
    senderRole: query.senderRole,
    kind: query.kind,
    outcome: query.outcome,
    limit: query.limit,
    cursor: query.cursor,
  };
}
