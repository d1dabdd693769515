/**
 * What a viewer sees of a record's body: its own records in full, other
 * parties' records through the withholding allowlist (PRODUCT.md §4). The
 * stored original is read and decompressed here, never altered.
 */
import type { RecordKind } from '../domain/sat-record.ts';
import type { Store } from '../store/database.ts';
import { decompressText } from '../store/payload-codec.ts';
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

/** The original XML of these records, by record id. */
export async function loadXml(
  store: Store,
  recordIds: readonly number[],
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < recordIds.length; i += 500) {
    const rows = await store.db
      .selectFrom('sat_payload')
      .select(['record_id', 'xml'])
      .where('record_id', 'in', recordIds.slice(i, i + 500))
      .execute();
    for (const row of rows) {
      out.set(Number(row.record_id), decompressText(row.xml));
    }
  }
  return out;
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
