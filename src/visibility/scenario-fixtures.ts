/**
 * Test support for the visibility suites: DUIS traffic written with the
 * DUIS writer, read back with the DUIS reader and stored with the record
 * writer, as ingest would. Not used by the running service.
 */
import { createHash } from 'node:crypto';

import { type Eui64, parseEui64 } from '../domain/eui64.ts';
import {
  formatRequestId,
  parseRequestId,
  type RequestId,
} from '../domain/request-id.ts';
import type { NewSatRecord } from '../domain/sat-record.ts';
import { readDuisMessage } from '../duis/duis-reader.ts';
import {
  writeAcknowledgement,
  writeFutureDatedAlert,
  writeRequest,
  writeResponse,
} from '../duis/duis-writer.ts';
import { createValueSource, seedFromText } from '../duis/value-generator.ts';
import type { Store } from '../store/database.ts';
import { writeRecords } from '../store/sat-record-writer.ts';

/** Epoch ms of an ISO time. */
export function t(iso: string): number {
  return Date.parse(iso);
}

/** A stored record made from one DUIS message, logged at `loggedAt`. */
export function recordFromXml(
  xml: string,
  loggedAt: number,
  source = 'scenario',
): NewSatRecord {
  const m = readDuisMessage(xml);
  const id = m.requestId ?? m.responseId;
  return {
    digest: createHash('sha256').update(xml).digest('hex'),
    kind: m.kind,
    requestId: m.requestId === null ? null : formatRequestId(m.requestId),
    responseId: m.responseId === null ? null : formatRequestId(m.responseId),
    precedingRequestId:
      m.precedingRequestId === null
        ? null
        : formatRequestId(m.precedingRequestId),
    originatorId: id?.originator ?? null,
    targetId: id?.target ?? null,
    counter: id?.counter ?? null,
    deviceId: m.deviceId,
    userId: m.userId,
    srv: m.srv,
    serviceReference: m.serviceReference,
    commandVariant: m.commandVariant,
    responseCode: m.responseCode,
    loggedAt,
    loggedAtSource: m.kind === 'request' ? 'envelope' : 'response-time',
    responseAt: m.responseAt,
    executionAt: m.executionAt,
    alertCode: m.alertCode,
    payloadElement: m.payloadElement,
    schemaVersion: m.schemaVersion,
    flags: m.flags,
    source,
    xml,
  };
}

/** Prices in written requests: one value easy to look for. */
export const PRICE = '7654321';

/** One Service Request and what came back, as a list of records. */
export interface Exchange {
  readonly user: string;
  readonly device: string;
  readonly counter: number;
  readonly srv: string;
  readonly at: number;
  /** CV 4 then CV 5 for a critical SRV; CV 1 otherwise (default). */
  readonly critical?: boolean;
  readonly executionAt?: number;
  /** I0 (default), I99 only, an E code, or none. */
  readonly answer?: 'I0' | 'I99' | 'none' | `E${string}`;
  /** The 8F66/8F67 alert of a future-dated request, at this time. */
  readonly executed?: { readonly actioned: boolean; readonly at: number };
}

/** The Request ID of an exchange. */
export function requestIdOf(e: Exchange): RequestId {
  return {
    originator: parseEui64(e.user),
    target: parseEui64(e.device),
    counter: String(e.counter),
  };
}

/** The records of one exchange, in the order the DCC would log them. */
export function exchangeRecords(e: Exchange): NewSatRecord[] {
  const requestId = requestIdOf(e);
  const responseId = {
    ...requestId,
    originator: requestId.target,
    target: requestId.originator,
  };
  const base = createValueSource(seedFromText(formatRequestId(requestId)));
  const values = (path: string, kind: Parameters<typeof base>[1]) =>
    kind === 'price' ? PRICE : base(path, kind);
  const executionAt = e.executionAt ?? null;
  const out: NewSatRecord[] = [];
  const legs = e.critical ? [4, 5] : [1];
  let at = e.at;
  for (const cv of legs) {
    const xml = writeRequest({
      requestId,
      srv: e.srv,
      commandVariant: cv,
      executionAt,
      values,
    });
    out.push(recordFromXml(xml, at));
    at += 1000;
    if (cv === 4) {
      const pre = writeResponse({
        requestId,
        srv: e.srv,
        responseCode: 'I0',
        at,
        payload: { kind: 'precommand' },
      });
      out.push(recordFromXml(pre, at));
      at += 1000;
    }
  }
  const answer = e.answer ?? 'I0';
  if (answer === 'none') return out;
  if (answer.startsWith('E') && !e.critical) {
    out.push(
      recordFromXml(
        writeResponse({ requestId, srv: e.srv, responseCode: answer, at }),
        at,
      ),
    );
    return out;
  }
  out.push(
    recordFromXml(writeAcknowledgement({ requestId, srv: e.srv, at }), at),
  );
  if (answer === 'I99') return out;
  at += 1000;
  const result = writeResponse({
    requestId,
    responseId,
    srv: e.srv,
    responseCode: answer,
    at,
    payload: { kind: 'gbcs' },
  });
  out.push(recordFromXml(result, at));
  if (e.executed !== undefined) {
    const alert = writeFutureDatedAlert({
      requestId,
      responseId,
      srv: e.srv,
      actioned: e.executed.actioned,
      at: e.executed.at,
    });
    out.push(recordFromXml(alert, e.executed.at));
  }
  return out;
}

/** Stores the records of the exchanges. */
export async function storeExchanges(
  store: Store,
  exchanges: readonly Exchange[],
): Promise<void> {
  await writeRecords(store, exchanges.flatMap(exchangeRecords));
}

/** The Request ID of an exchange in DUIS form. */
export function requestIdText(e: Exchange): string {
  return formatRequestId(requestIdOf(e));
}

/** A Device ID from its DUIS form. */
export function device(text: string): Eui64 {
  return parseEui64(text);
}

export { parseRequestId };
