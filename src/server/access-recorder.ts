/**
 * Writes the access log for an answer: of the records a caller is about
 * to be shown, those another party sent are logged, one row per party
 * whose records they are. The rows are written before the records leave,
 * so nothing is shown that the log does not hold.
 */
import type { FastifyRequest } from 'fastify';

import { appendAccessLog } from '../store/access-log-store.ts';
import type { NewAccessLogEntry } from '../store/access-log-store.ts';
import type { Store } from '../store/database.ts';
import type { RecordView } from '../visibility/record-view.ts';
import { callerOf } from './caller-authentication.ts';

/** Logs the views of other parties' records in `records`. */
export async function recordAccess(
  store: Store,
  request: FastifyRequest,
  records: readonly RecordView[],
  now: number,
): Promise<void> {
  await appendAccessLog(store, accessEntries(request, records, now));
}

/** The log rows for showing `records` to the request's caller. */
export function accessEntries(
  request: FastifyRequest,
  records: readonly RecordView[],
  now: number,
): NewAccessLogEntry[] {
  const caller = callerOf(request);
  const byOwner = new Map<string | null, number[]>();
  for (const record of records) {
    const owner = record.sender.partyId;
    if (owner === caller.viewer.partyId) continue;
    const ids = byOwner.get(owner) ?? [];
    ids.push(record.id);
    byOwner.set(owner, ids);
  }
  return [...byOwner].map(([ownerPartyId, recordIds]) => ({
    viewedAt: now,
    viewerPartyId: caller.viewer.partyId,
    viewerAccount: caller.username,
    viewerTokenId: caller.tokenId,
    route: request.routeOptions.url ?? request.url,
    ownerPartyId,
    recordIds,
  }));
}
