/**
 * The status of a Request thread: every record sharing one Request ID (the
 * CV 4 transform and its signed CV 5/6/7 leg, the acknowledgement, the
 * Service Response, future-dated execution alerts 8F66/8F67, related DCC
 * alerts). Pure.
 *
 * In order of precedence:
 * - rejected: an E or W code in a response without a Response ID, that is
 *   from the DCC synchronously (DUIS §2.3);
 * - failed: a device response (with a Response ID) with an E code, or 8F67;
 * - completed: an I0 response (not the PreCommand of a CV 4 transform nor
 *   a DCC schedule id), or
 *   for a future-dated request that the device executes, the 8F66 alert;
 * - expired: the execution time passed more than 30 days ago and no
 *   execution alert came;
 * - pending-execution: the execution time is ahead, or it has passed (by
 *   less than 30 days) and the request was accepted (I0/I99) but no
 *   8F66/8F67 came yet;
 * - accepted: I99 only;
 * - unanswered: nothing yet.
 */
import { findSrv } from '../domain/srv-catalogue.ts';
import type { ThreadStatus } from './record-view.ts';

/** The fields of a record that decide its thread's status. */
export interface ThreadRecord {
  readonly kind: string;
  readonly srv: string | null;
  readonly responseId: string | null;
  readonly responseCode: string | null;
  readonly alertCode: string | null;
  readonly executionAt: number | null;
  readonly payloadElement: string | null;
}

/** How long past its execution time a future-dated request may wait for
 * its execution alert before it counts as expired. */
export const EXPIRY_MS = 30 * 24 * 3600 * 1000;

const EXECUTED = '8F66';
const NOT_EXECUTED = '8F67';

/** The status of a thread at an instant. */
export function threadStatus(
  records: readonly ThreadRecord[],
  at: number,
): ThreadStatus {
  if (records.some(isRejection)) return 'rejected';
  if (records.some(isFailure)) return 'failed';
  const executionAt = threadExecutionAt(records);
  if (executionAt === null) return immediateStatus(records);
  return futureDatedStatus(records, executionAt, at);
}

/** The execution time of a future-dated thread, or null. */
export function threadExecutionAt(
  records: readonly ThreadRecord[],
): number | null {
  for (const record of records) {
    if (record.executionAt !== null) return record.executionAt;
  }
  return null;
}

function immediateStatus(records: readonly ThreadRecord[]): ThreadStatus {
  if (records.some(isCompletion)) return 'completed';
  if (records.some((r) => r.responseCode === 'I99')) return 'accepted';
  return 'unanswered';
}

function futureDatedStatus(
  records: readonly ThreadRecord[],
  executionAt: number,
  at: number,
): ThreadStatus {
  // DSP-held requests (DUIS "DSP" pattern) are sent at execution time and
  // answered by an ordinary I0; the device pattern ends with 8F66.
  const heldByDcc = findSrv(srvOf(records) ?? '')?.futureDated === 'dcc';
  const done = heldByDcc
    ? records.some(isCompletion)
    : records.some((r) => r.alertCode === EXECUTED);
  if (done) return 'completed';
  if (executionAt > at) return 'pending-execution';
  if (at - executionAt > EXPIRY_MS) return 'expired';
  if (
    records.some((r) => r.responseCode === 'I0' || r.responseCode === 'I99')
  ) {
    return 'pending-execution';
  }
  return 'unanswered';
}

function srvOf(records: readonly ThreadRecord[]): string | null {
  return records.find((r) => r.srv !== null)?.srv ?? null;
}

function isErrorCode(code: string | null): boolean {
  return code !== null && (code.startsWith('E') || code.startsWith('W'));
}

function isRejection(record: ThreadRecord): boolean {
  return record.responseId === null && isErrorCode(record.responseCode);
}

function isFailure(record: ThreadRecord): boolean {
  if (record.alertCode === NOT_EXECUTED) return true;
  return (
    record.responseId !== null && (record.responseCode ?? '').startsWith('E')
  );
}

// A CV 4 transform answers I0 with the PreCommand to sign, and a DCC
// schedule answers I0 with its DSPScheduleID: neither has reached a device.
const NOT_A_RESULT = new Set(['PreCommand', 'DSPScheduleID']);

function isCompletion(record: ThreadRecord): boolean {
  return (
    record.responseCode === 'I0' &&
    !NOT_A_RESULT.has(record.payloadElement ?? '')
  );
}
