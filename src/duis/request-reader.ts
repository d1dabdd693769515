/**
 * Turns the scan of an `sr:Request` into a ParsedMessage, checking it
 * against the SRV catalogue: the Command Variant must be permitted for the
 * SRV, the Service Reference must be the SRV's, and the Body must hold the
 * SRV's body element (or a SignedPreCommand for Command Variants 5 to 7).
 */
import type { RequestId } from '../domain/request-id.ts';
import type { ParsedMessage } from '../domain/sat-record.ts';
import {
  findSrv,
  isSignedLeg,
  type SrvDefinition,
} from '../domain/srv-catalogue.ts';
import type { DuisScan } from './duis-scanner.ts';
import {
  checkBoolean,
  readCommandVariant,
  readDeviceId,
  readIdField,
  readOptionalDateTime,
  refuse,
  required,
} from './field-reader.ts';
import {
  checkHeaderNames,
  onlyBodyChild,
  signatureFlags,
} from './shape-checker.ts';

const REQUEST_HEADER: ReadonlySet<string> = new Set([
  'RequestID',
  'FirstInSequence',
  'PrecedingServiceRequestID',
  'CommandVariant',
  'ServiceReference',
  'ServiceReferenceVariant',
]);

const SIGNED_PRE_COMMAND = 'SignedPreCommand';

/** The header of a Service Request, read and checked. */
interface RequestHeader {
  readonly requestId: RequestId;
  readonly precedingRequestId: RequestId | null;
  readonly commandVariant: number;
  readonly serviceReference: string;
  readonly srv: string;
}

/** Reads a Service Request. */
export function readRequest(
  scan: DuisScan,
  schemaVersion: string,
): ParsedMessage {
  const header = readHeader(scan);
  const { requestId, commandVariant, srv } = header;

  const bodyElement = onlyBodyChild(scan);
  checkSignedLeg(commandVariant, bodyElement);
  const definition = findSrv(srv);
  if (definition !== undefined) {
    checkAgainstCatalogue(definition, commandVariant, header.serviceReference);
    checkBodyElement(definition, bodyElement);
  }

  const nonDevice = commandVariant === 8 || definition?.nonDevice === true;
  // One literal in ParsedMessage's order, not a spread of the header: this
  // runs once per ingested message, and spreading cost several times the
  // rest of this function.
  return {
    kind: 'request',
    schemaVersion,
    requestId,
    responseId: null,
    precedingRequestId: header.precedingRequestId,
    srv,
    serviceReference: header.serviceReference,
    commandVariant,
    responseCode: null,
    responseAt: null,
    executionAt: readOptionalDateTime(
      scan.inner.get('ExecutionDateTime'),
      'ExecutionDateTime',
    ),
    alertCode: null,
    payloadElement: bodyElement,
    // A non-device request targets the DCC; the device, if any, is named
    // in the body.
    deviceId: nonDevice ? readDeviceId(scan.firstDeviceId) : requestId.target,
    userId: requestId.originator,
    flags: requestFlags(scan, definition),
  };
}

function readHeader(scan: DuisScan): RequestHeader {
  const { header } = scan;
  const field = (name: string) => required(header, name, 'sr:Header');
  checkHeaderNames(scan, REQUEST_HEADER);
  checkBoolean(header.get('FirstInSequence'), 'FirstInSequence');
  const preceding = header.get('PrecedingServiceRequestID');
  return {
    requestId: readIdField(field('RequestID'), 'RequestID'),
    precedingRequestId:
      preceding === undefined
        ? null
        : readIdField(preceding, 'PrecedingServiceRequestID'),
    commandVariant: readCommandVariant(field('CommandVariant')),
    serviceReference: field('ServiceReference'),
    srv: field('ServiceReferenceVariant'),
  };
}

/** SignedPreCommand is the body exactly when the Command Variant is 5–7,
 * whatever the SRV, so this holds for SRVs the catalogue does not know. */
function checkSignedLeg(commandVariant: number, bodyElement: string): void {
  const signedBody = bodyElement === SIGNED_PRE_COMMAND;
  if (signedBody && !isSignedLeg(commandVariant)) {
    throw refuse(
      `sr:Body holds a SignedPreCommand, which only Command Variants 5, 6 ` +
        `and 7 carry, but the CommandVariant is ${commandVariant}`,
      { commandVariant },
    );
  }
  if (!signedBody && isSignedLeg(commandVariant)) {
    throw refuse(
      `Command Variant ${commandVariant} needs a SignedPreCommand body, ` +
        `but sr:Body holds ${bodyElement}`,
      { commandVariant, bodyElement },
    );
  }
}

function checkAgainstCatalogue(
  definition: SrvDefinition,
  commandVariant: number,
  serviceReference: string,
): void {
  const { srv, commandVariants } = definition;
  if (!commandVariants.includes(commandVariant)) {
    throw refuse(
      `Command Variant ${commandVariant} is not permitted for SRV ${srv} ` +
        `(permitted: ${commandVariants.join(', ')})`,
      { srv, commandVariant },
    );
  }
  if (serviceReference !== definition.serviceReference) {
    throw refuse(
      `ServiceReference '${serviceReference}' does not match SRV ${srv} ` +
        `(expected '${definition.serviceReference}')`,
      { srv, serviceReference },
    );
  }
}

function checkBodyElement(definition: SrvDefinition, element: string): void {
  if (element === SIGNED_PRE_COMMAND || element === definition.bodyElement) {
    return;
  }
  throw refuse(
    `sr:Body holds ${element}, but SRV ${definition.srv} needs ` +
      definition.bodyElement,
    { srv: definition.srv, bodyElement: element },
  );
}

function requestFlags(
  scan: DuisScan,
  definition: SrvDefinition | undefined,
): string[] {
  const flags = signatureFlags(scan, true);
  if (definition === undefined) flags.push('unknown-srv');
  return flags;
}
