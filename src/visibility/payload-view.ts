/**
 * What a viewer sees of a record's body: its own records in full, other
 * parties' records through the withholding allowlist (PRODUCT.md §4). The
 * stored original is read and decompressed here, never altered.
 */
import type { RecordKind } from '../domain/sat-record.ts';
import { withholdPayload } from './payload-withholding.ts';

/** The record fields the withholding decision depends on. */
export interface PayloadContext {
  readonly kind: string;
  readonly srv: string | null;
  readonly payloadElement: string | null;
  readonly alertCode: string | null;
}

/** A body as one viewer may see it. */
export interface PayloadView {
  readonly payload: unknown;
  readonly withheld: readonly string[];
}

/** The body of one record for a viewer: in full for its own record,
 * through the withholding allowlist otherwise. A record whose XML is
 * missing shows no body. */
export function viewPayload(
  xml: string | undefined,
  context: PayloadContext,
  fullView: boolean,
): PayloadView {
  if (xml === undefined) return { payload: null, withheld: [] };
  return withholdPayload(
    xml,
    { ...context, kind: context.kind as RecordKind },
    fullView,
  );
}
