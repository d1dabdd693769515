/**
 * Turns stored records into what one viewer is shown (RecordView): SAT
 * metadata always, the reason the record is visible, and the body through
 * the withholding rule. A record the viewer has no basis to see is never
 * presented.
 */
import type { Selectable } from 'kysely';

import { formatEui64 } from '../domain/eui64.ts';
import type { RecordKind } from '../domain/sat-record.ts';
import { findSrv } from '../domain/srv-catalogue.ts';
import type { Store } from '../store/database.ts';
import { decompressText } from '../store/payload-codec.ts';
import type { SatRecordTable } from '../store/schema.ts';
import type { GrantRow } from './grant-query.ts';
import { type PayloadView, viewPayload } from './payload-view.ts';
import { payloadViewsOf } from './payload-view-cache.ts';
import type { IsoInterval, RecordView, SenderView } from './record-view.ts';

/** A record row with its sender's party and role (from dcc_user). */
export type RecordRow = Selectable<SatRecordTable> & {
  readonly sender_party: string | null;
  readonly sender_role: string | null;
};

/** Everything needed to decide what a viewer sees of a set of rows. */
export interface Presentation {
  readonly partyId: string;
  /** The grant through which the viewer sees a device, if any. */
  readonly grantOf: (deviceId: string) => GrantRow | undefined;
  /** Whether to read and withhold bodies (false: payload null). */
  readonly includePayload: boolean;
}

/** The rows as the viewer sees them, in the order given. */
export async function presentRecords(
  store: Store,
  rows: readonly RecordRow[],
  presentation: Presentation,
): Promise<RecordView[]> {
  const visible = rows.flatMap((row) => {
    const visibility = visibilityOf(row, presentation);
    return visibility === undefined ? [] : [{ row, visibility }];
  });
  const bodies = presentation.includePayload
    ? await bodiesOf(store, visible)
    : visible.map(() => NO_BODY);
  return visible.map(({ row, visibility }, i) =>
    toView(row, visibility, bodies[i] ?? NO_BODY),
  );
}

interface VisibleRow {
  readonly row: RecordRow;
  readonly visibility: RecordView['visibility'];
}

const NO_BODY: PayloadView = Object.freeze({
  payload: null,
  withheld: Object.freeze([]),
});

/** Each row's body as its viewer sees it: from the store's view cache,
 * or computed from the stored XML of the rows the cache lacks. */
async function bodiesOf(
  store: Store,
  visible: readonly VisibleRow[],
): Promise<PayloadView[]> {
  const views = payloadViewsOf(store);
  const kept = visible.map(({ row, visibility }) =>
    views.get(Number(row.id), visibility.basis === 'own'),
  );
  const missing = visible.flatMap(({ row }, i) =>
    kept[i] === undefined ? [Number(row.id)] : [],
  );
  const xml =
    missing.length === 0
      ? new Map<number, string>()
      : await loadXml(store, [...new Set(missing)]);
  return visible.map(({ row, visibility }, i) => {
    const view = kept[i];
    if (view !== undefined) return view;
    const id = Number(row.id);
    const full = visibility.basis === 'own';
    const text = xml.get(id);
    const body = viewPayload(
      text,
      {
        kind: row.kind,
        srv: row.srv,
        payloadElement: row.payload_element,
        alertCode: row.alert_code,
      },
      full,
    );
    // A record without its XML shows no body, which costs nothing to
    // work out again.
    return text === undefined ? body : views.set(id, full, body, text.length);
  });
}

/** Whether a row is the viewer's own record. */
export function isOwn(row: RecordRow, partyId: string): boolean {
  return row.sender_party === partyId;
}

/** The sender of a row, as the SSI's Service User Descriptor. */
export function senderOf(row: RecordRow): SenderView {
  return {
    userId: row.user_id === null ? null : formatEui64(row.user_id),
    partyId: row.sender_party,
    role: row.sender_role,
  };
}

/** An epoch-ms interval in ISO form. */
export function isoInterval(from: number, to: number | null): IsoInterval {
  return { from: isoTime(from), to: to === null ? null : isoTime(to) };
}

function isoTime(epochMs: number): string {
  return new Date(Number(epochMs)).toISOString();
}

function optionalIso(epochMs: number | null): string | null {
  return epochMs === null ? null : isoTime(epochMs);
}

function visibilityOf(
  row: RecordRow,
  presentation: Presentation,
): RecordView['visibility'] | undefined {
  if (isOwn(row, presentation.partyId)) {
    return { basis: 'own', interval: null };
  }
  const grant =
    row.device_id === null ? undefined : presentation.grantOf(row.device_id);
  if (grant === undefined) return undefined;
  return {
    basis: grant.basis,
    interval: isoInterval(grant.valid_from, grant.valid_to),
  };
}

function toView(
  row: RecordRow,
  visibility: RecordView['visibility'],
  body: PayloadView,
): RecordView {
  return {
    id: Number(row.id),
    requestId: row.request_id,
    responseId: row.response_id,
    kind: row.kind as RecordKind,
    srv: row.srv,
    srvName: row.srv === null ? null : (findSrv(row.srv)?.name ?? null),
    serviceReference: row.service_reference,
    commandVariant: row.command_variant,
    sender: senderOf(row),
    deviceId: row.device_id === null ? null : formatEui64(row.device_id),
    loggedAt: isoTime(row.logged_at),
    loggedAtSource: row.logged_at_source,
    responseCode: row.response_code,
    responseAt: optionalIso(row.response_at),
    executionAt: optionalIso(row.execution_at),
    alertCode: row.alert_code,
    visibility,
    payload: body.payload,
    withheld: body.withheld,
  };
}

/** A row with its numbers as numbers on both backends. */
export function normaliseRow(row: RecordRow): RecordRow {
  return {
    ...row,
    id: Number(row.id),
    logged_at: Number(row.logged_at),
    response_at: row.response_at === null ? null : Number(row.response_at),
    execution_at: row.execution_at === null ? null : Number(row.execution_at),
  };
}

/** The original XML of these records, by record id. */
async function loadXml(
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
