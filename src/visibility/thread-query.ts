/**
 * Request threads (every record sharing one Request ID) as one viewer may
 * see them, and a device's pending future-dated commands. A viewer sees a
 * record of a thread by the same rule as anywhere else; a thread none of
 * whose records it may see answers null. The status is derived from the
 * records the viewer sees, so that it reveals nothing more.
 */
import { type Eui64, formatEui64 } from '../domain/eui64.ts';
import { formatRequestId, parseRequestId } from '../domain/request-id.ts';
import { findSrv } from '../domain/srv-catalogue.ts';
import type { Store } from '../store/database.ts';
import { findUsers } from '../store/reference-store.ts';
import { grantsByDevice } from './grant-query.ts';
import {
  isOwn,
  normaliseRow,
  presentRecords,
  type RecordRow,
} from './record-presenter.ts';
import type { SenderView, ThreadView, Viewer } from './record-view.ts';
import {
  EXPIRY_MS,
  threadExecutionAt,
  threadStatus,
  type ThreadRecord,
} from './thread-status.ts';
import {
  deviceAccess,
  resolveViewer,
  type ViewerScope,
} from './viewer-scope.ts';

/** The thread of a Request ID (any spelling) as the viewer may see it;
 * null when it may see none of its records. Throws
 * SV_REQUEST_ID_INVALID for text that is not a Request ID. */
export async function getThread(
  store: Store,
  viewer: Viewer,
  requestId: string,
  at?: number,
): Promise<ThreadView | null> {
  const id = formatRequestId(parseRequestId(requestId));
  const scope = await resolveViewer(store, viewer, at);
  const [thread] = await loadThreads(store, scope, [id]);
  return thread ?? null;
}

/** The future-dated commands on a device still waiting to execute
 * (thread status pending-execution), soonest first; null when the viewer
 * may see nothing of the device. */
export async function listPendingCommands(
  store: Store,
  viewer: Viewer,
  deviceId: Eui64,
  at?: number,
): Promise<ThreadView[] | null> {
  const scope = await resolveViewer(store, viewer, at);
  const access = await deviceAccess(store, scope, deviceId);
  if (access === null) return null;
  // A thread whose execution time passed more than EXPIRY_MS ago is
  // expired or done, so only later execution times can still be pending.
  let query = store.db
    .selectFrom('sat_record as r')
    .leftJoin('dcc_user as u', 'u.user_id', 'r.user_id')
    .select('r.request_id')
    .distinct()
    .where('r.device_id', '=', deviceId)
    .where('r.request_id', 'is not', null)
    .where('r.execution_at', '>=', scope.at - EXPIRY_MS);
  if (access.grant === undefined) {
    query = query.where('u.party_id', '=', scope.partyId);
  }
  const ids = (await query.execute()).flatMap((r) =>
    r.request_id === null ? [] : [r.request_id],
  );
  const threads = await loadThreads(store, scope, ids);
  return threads
    .filter((t) => t.status === 'pending-execution')
    .sort((a, b) => (a.executionAt ?? '').localeCompare(b.executionAt ?? ''));
}

/** The visible threads of these Request IDs (in DUIS form), in the order
 * given, leaving out those the viewer may see nothing of. */
export async function loadThreads(
  store: Store,
  scope: ViewerScope,
  requestIds: readonly string[],
): Promise<ThreadView[]> {
  const rows = await threadRows(store, requestIds);
  const grants = await grantsByDevice(
    store,
    scope.partyId,
    scope.at,
    rows.flatMap((r) => (r.device_id === null ? [] : [r.device_id])),
  );
  const visible = rows.filter(
    (r) =>
      isOwn(r, scope.partyId) ||
      (r.device_id !== null && grants.has(r.device_id as Eui64)),
  );
  const threads: ThreadView[] = [];
  for (const id of requestIds) {
    const mine = visible.filter((r) => r.request_id === id);
    if (mine.length === 0) continue;
    const records = await presentRecords(store, mine, {
      partyId: scope.partyId,
      grantOf: (device) => grants.get(device as Eui64),
      includePayload: true,
    });
    threads.push({
      requestId: id,
      srv: mine.find((r) => r.srv !== null)?.srv ?? null,
      srvName: srvName(mine),
      deviceId: deviceOf(mine),
      sender: await threadSender(store, id, mine),
      status: threadStatus(mine.map(toThreadRecord), scope.at),
      executionAt: isoOrNull(threadExecutionAt(mine.map(toThreadRecord))),
      records,
    });
  }
  return threads;
}

async function threadRows(
  store: Store,
  requestIds: readonly string[],
): Promise<RecordRow[]> {
  const out: RecordRow[] = [];
  for (let i = 0; i < requestIds.length; i += 500) {
    const rows = await store.db
      .selectFrom('sat_record as r')
      .leftJoin('dcc_user as u', 'u.user_id', 'r.user_id')
      .selectAll('r')
      .select(['u.party_id as sender_party', 'u.role as sender_role'])
      .where('r.request_id', 'in', requestIds.slice(i, i + 500))
      .orderBy('r.logged_at')
      .orderBy('r.id')
      .execute();
    out.push(...rows.map(normaliseRow));
  }
  return out;
}

function toThreadRecord(row: RecordRow): ThreadRecord {
  return {
    kind: row.kind,
    srv: row.srv,
    responseId: row.response_id,
    responseCode: row.response_code,
    alertCode: row.alert_code,
    executionAt: row.execution_at,
    payloadElement: row.payload_element,
  };
}

function srvName(rows: readonly RecordRow[]): string | null {
  const srv = rows.find((r) => r.srv !== null)?.srv;
  return srv === undefined || srv === null
    ? null
    : (findSrv(srv)?.name ?? null);
}

function deviceOf(rows: readonly RecordRow[]): string | null {
  const device = rows.find((r) => r.device_id !== null)?.device_id;
  return device === undefined || device === null ? null : formatEui64(device);
}

/** The sender of a thread: the originator of its Request ID. */
async function threadSender(
  store: Store,
  requestId: string,
  rows: readonly RecordRow[],
): Promise<SenderView> {
  const originator = parseRequestId(requestId).originator;
  const row = rows.find((r) => r.user_id === originator);
  if (row !== undefined) {
    return {
      userId: formatEui64(originator),
      partyId: row.sender_party,
      role: row.sender_role,
    };
  }
  const user = (await findUsers(store, [originator])).get(originator);
  return {
    userId: formatEui64(originator),
    partyId: user?.partyId ?? null,
    role: user?.role ?? null,
  };
}

function isoOrNull(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}
