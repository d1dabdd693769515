/**
 * Writes the access log for an answer: of the records a caller is about
 * to be shown, those another party sent are logged, one row per party
 * whose records they are. The rows are written before the records leave,
 * so nothing is shown that the log does not hold.
 */
import type { FastifyRequest } from 'fastify';

import type { RecordView } from '../visibility/record-view.ts';
import type { AccessLogWriter } from './access-log-writer.ts';
import type { ShownRecords } from './answer-cache.ts';
import { callerOf } from './caller-authentication.ts';

/** Logs the views of other parties' records in `records`. */
export async function recordAccess(
  log: AccessLogWriter,
  request: FastifyRequest,
  records: readonly RecordView[],
  now: number,
): Promise<void> {
  const shown = shownRecords(records, callerOf(request).viewer.partyId);
  await recordShown(log, request, shown, now);
}

/** Other parties' records among `records`, grouped by sender party. */
export function shownRecords(
  records: readonly RecordView[],
  viewerPartyId: string,
): ShownRecords[] {
  const byOwner = new Map<string | null, number[]>();
  for (const record of records) {
    const owner = record.sender.partyId;
    if (owner === viewerPartyId) continue;
    const ids = byOwner.get(owner) ?? [];
    ids.push(record.id);
    byOwner.set(owner, ids);
  }
  return [...byOwner].map(([ownerPartyId, recordIds]) => ({
    ownerPartyId,
    recordIds,
  }));
}

/** Logs that the request's caller was shown these records. */
export async function recordShown(
  log: AccessLogWriter,
  request: FastifyRequest,
  shown: readonly ShownRecords[],
  now: number,
): Promise<void> {
  if (shown.length === 0) return;
  const caller = callerOf(request);
  await log.append(
    shown.map(({ ownerPartyId, recordIds }) => ({
      viewedAt: now,
      viewerPartyId: caller.viewer.partyId,
      viewerAccount: caller.username,
      viewerTokenId: caller.tokenId,
      route: request.routeOptions.url ?? request.url,
      ownerPartyId,
      recordIds,
    })),
  );
}
