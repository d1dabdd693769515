/**
 * Turns the scan of an `sr:Response` into a ParsedMessage: acknowledgements,
 * Service Responses (and rejections), Device Alerts, DCC Alerts and SMETS1
 * responses. The body decides the kind; the header's Request ID and
 * Response ID decide whose traffic it is and which Device it is about.
 */
import type { Eui64 } from '../domain/eui64.ts';
import type { RequestId } from '../domain/request-id.ts';
import type { ParsedMessage, RecordKind } from '../domain/sat-record.ts';
import { findSrv } from '../domain/srv-catalogue.ts';
import type { DuisScan } from './duis-scanner.ts';
import {
  readDateTime,
  readDeviceId,
  readIdField,
  refuse,
  required,
} from './field-reader.ts';
import {
  checkHeaderNames,
  onlyBodyChild,
  signatureFlags,
} from './shape-checker.ts';

const RESPONSE_HEADER: ReadonlySet<string> = new Set([
  'RequestID',
  'ResponseID',
  'ResponseCode',
  'ResponseDateTime',
]);

/** What the Body says, before the header's IDs are applied. */
interface BodyFacts {
  readonly kind: RecordKind;
  readonly srv: string | null;
  readonly serviceReference: string | null;
  readonly alertCode: string | null;
  readonly payloadElement: string | null;
}

/** The Request ID and Response ID of a response header. */
interface ResponseIds {
  readonly requestId: RequestId | null;
  readonly responseId: RequestId | null;
}

const ACKNOWLEDGEMENT_CODE = 'I99';

/** Reads a Response of any kind. */
export function readResponse(
  scan: DuisScan,
  schemaVersion: string,
): ParsedMessage {
  const { header } = scan;
  checkHeaderNames(scan, RESPONSE_HEADER);
  const ids = readIds(header);
  const responseCode = readResponseCode(
    required(header, 'ResponseCode', 'sr:Header'),
  );
  const responseAt = readDateTime(
    required(header, 'ResponseDateTime', 'sr:Header'),
    'ResponseDateTime',
  );
  const facts = bodyFacts(scan, onlyBodyChild(scan));
  // I99 only says "accepted, the result follows", whatever the body holds.
  const kind =
    responseCode === ACKNOWLEDGEMENT_CODE ? 'acknowledgement' : facts.kind;
  const definition = facts.srv === null ? undefined : findSrv(facts.srv);
  const parties = partiesOf(
    kind,
    ids,
    scan.firstDeviceId,
    definition?.nonDevice === true,
  );
  // One literal in ParsedMessage's order, not spreads of the parts: this
  // runs once per ingested message, and spreading cost several times the
  // rest of this function.
  return {
    kind,
    schemaVersion,
    requestId: ids.requestId,
    responseId: ids.responseId,
    precedingRequestId: null,
    srv: facts.srv,
    serviceReference: facts.serviceReference,
    commandVariant: null,
    responseCode,
    responseAt,
    executionAt: null,
    alertCode: facts.alertCode,
    payloadElement: facts.payloadElement,
    deviceId: parties.deviceId,
    userId: parties.userId,
    flags: responseFlags(
      scan,
      kind,
      ids,
      facts.srv !== null && definition === undefined,
    ),
  };
}

function readIds(header: ReadonlyMap<string, string>): ResponseIds {
  const requestText = header.get('RequestID');
  const responseText = header.get('ResponseID');
  if (requestText === undefined && responseText === undefined) {
    throw refuse('sr:Header has neither a RequestID nor a ResponseID');
  }
  return {
    requestId:
      requestText === undefined ? null : readIdField(requestText, 'RequestID'),
    responseId:
      responseText === undefined
        ? null
        : readIdField(responseText, 'ResponseID'),
  };
}

/** I (information), E (error) or W (warning) and up to six digits. */
function readResponseCode(text: string): string {
  if (!/^[IEW][0-9]{1,6}$/.test(text)) {
    throw refuse(`ResponseCode '${text}' is not a DUIS response code`, {
      value: text,
    });
  }
  return text;
}

function bodyFacts(scan: DuisScan, bodyElement: string): BodyFacts {
  switch (bodyElement) {
    case 'ResponseMessage':
      return responseMessage(scan);
    case 'DeviceAlertMessage':
      return deviceAlert(scan);
    case 'DCCAlertMessage':
      return dccAlert(scan);
    case 'SMETS1ResponseMessage':
      return smets1Response(scan);
    default:
      throw refuse(
        `sr:Body of a Response holds ${bodyElement}, not ResponseMessage, ` +
          'DeviceAlertMessage, DCCAlertMessage or SMETS1ResponseMessage',
        { bodyElement },
      );
  }
}

function responseMessage(scan: DuisScan): BodyFacts {
  const container = 'sr:ResponseMessage';
  const srv = required(scan.inner, 'ServiceReferenceVariant', container);
  const serviceReference = required(scan.inner, 'ServiceReference', container);
  if (scan.payloads.length > 1) {
    throw refuse(
      `${container} holds ${scan.payloads.length} payload elements ` +
        `(${scan.payloads.join(', ')}), not at most one`,
      { elements: scan.payloads },
    );
  }
  const payloadElement = scan.payloads[0] ?? null;
  // A future-dated command's outcome (8F66/8F67) is reported as an alert
  // inside a ResponseMessage.
  const futureAlert = payloadElement === 'FutureDatedDeviceAlertMessage';
  return {
    kind: futureAlert ? 'device-alert' : 'response',
    srv,
    serviceReference,
    alertCode: futureAlert
      ? readAlertCode(
          required(scan.inner, 'FutureDatedAlertCode', payloadElement),
          'FutureDatedAlertCode',
        )
      : null,
    payloadElement,
  };
}

function deviceAlert(scan: DuisScan): BodyFacts {
  const code = required(scan.inner, 'AlertCode', 'sr:DeviceAlertMessage');
  return {
    kind: 'device-alert',
    srv: null,
    serviceReference: null,
    alertCode: readAlertCode(code, 'AlertCode'),
    payloadElement: 'DeviceAlertMessage',
  };
}

function dccAlert(scan: DuisScan): BodyFacts {
  const code = required(scan.inner, 'DCCAlertCode', 'sr:DCCAlertMessage');
  if (!/^[A-Z]{1,3}[0-9]{1,4}$/.test(code)) {
    throw refuse(`DCCAlertCode '${code}' is not a DCC alert code`, {
      value: code,
    });
  }
  return {
    kind: 'dcc-alert',
    srv: null,
    serviceReference: null,
    alertCode: code,
    payloadElement: scan.alertEvent,
  };
}

function smets1Response(scan: DuisScan): BodyFacts {
  return {
    kind: 'smets1-response',
    srv: scan.inner.get('ServiceReferenceVariant') ?? null,
    serviceReference: scan.inner.get('ServiceReference') ?? null,
    alertCode: null,
    payloadElement: 'SMETS1ResponseMessage',
  };
}

/** A device alert code is hexBinary, e.g. 8F35; kept in upper case. */
function readAlertCode(text: string, element: string): string {
  if (!/^(?:[0-9A-Fa-f]{2})+$/.test(text)) {
    throw refuse(`${element} '${text}' is not a hexadecimal alert code`, {
      element,
      value: text,
    });
  }
  return text.toUpperCase();
}

/**
 * Whose traffic a response is and which Device it concerns. A Request ID
 * runs user → device and a Response ID device → user, except that a
 * non-device SRV's Request ID targets the DCC: its Device, if any, is the
 * first DeviceID in the body.
 */
function partiesOf(
  kind: RecordKind,
  { requestId, responseId }: ResponseIds,
  bodyDeviceId: string | null,
  nonDevice: boolean,
): { deviceId: Eui64 | null; userId: Eui64 | null } {
  // readIds guarantees that at least one of the two IDs is present.
  if (kind === 'device-alert') {
    return requestId !== null
      ? { deviceId: requestId.target, userId: requestId.originator }
      : { deviceId: responseId!.originator, userId: responseId!.target };
  }
  if (kind === 'dcc-alert') {
    return {
      deviceId: requestId?.target ?? readDeviceId(bodyDeviceId),
      userId: responseId?.target ?? requestId!.originator,
    };
  }
  return {
    deviceId: nonDevice
      ? readDeviceId(bodyDeviceId)
      : (requestId?.target ?? responseId!.originator),
    userId: requestId?.originator ?? responseId!.target,
  };
}

function responseFlags(
  scan: DuisScan,
  kind: RecordKind,
  ids: ResponseIds,
  unknownSrv: boolean,
): string[] {
  // A Service Response that a device originated (it has a Response ID) is
  // signed; synchronous acknowledgements and rejections are not.
  const expectSigned = kind === 'response' && ids.responseId !== null;
  const flags = signatureFlags(scan, expectSigned);
  if (unknownSrv) flags.push('unknown-srv');
  return flags;
}
