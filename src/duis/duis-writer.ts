/**
 * Writes DUIS 5.4 messages: Service Requests of every SRV and Command
 * Variant, acknowledgements, Service Responses, future-dated execution
 * alerts, Device Alerts and DCC Alerts (DUIS.md §2). The demo world writes
 * millions of them, so messages are built as strings from shapes compiled
 * once, without a DOM.
 *
 * Signatures are well-formed XML-DSig blocks with placeholder values: they
 * have the shape a reader expects, not a verifiable signature.
 *
 * @example
 * const xml = writeRequest({
 *   requestId: parseRequestId('90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1'),
 *   srv: '11.2',
 *   commandVariant: 1,
 * });
 */
import { createHash } from 'node:crypto';

import { type Eui64, formatEui64, parseEui64 } from '../domain/eui64.ts';
import { formatRequestId, type RequestId } from '../domain/request-id.ts';
import {
  findSrv,
  isSignedLeg,
  type SrvDefinition,
} from '../domain/srv-catalogue.ts';
import { SatviewError } from '../errors/satview-error.ts';
import {
  dccAlertEventNames,
  type ElementShape,
  findSrvBody,
  type LeafKind,
  messageShape,
} from './srv-bodies.ts';
import {
  createValueSource,
  placeholderGbcs,
  seedFromText,
  type ValueSource,
} from './value-generator.ts';

export type { ValueSource } from './value-generator.ts';

/**
 * Picks one alternative of a choice (e.g. ElecTariffElements or
 * GasTariffElements). `path` is the parent element's path. The default
 * takes the first option.
 */
export type ChoiceSource = (path: string, options: readonly string[]) => string;

const SR = 'http://www.dccinterface.co.uk/ServiceUserGateway';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const EXECUTION = 'ExecutionDateTime';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};
const NEEDS_ESCAPE = /[&<>"]/;
// Characters XML 1.0 cannot carry at all, even escaped; matching control
// characters is the point of this pattern.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** Escapes text for element content and double-quoted attributes. */
export function escapeXml(text: string): string {
  if (NOT_XML.test(text)) {
    throw invalid(`a value holds a character XML cannot carry: '${text}'`);
  }
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

function invalid(message: string, details = {}): SatviewError {
  return new SatviewError('duisWriteInvalid', message, details);
}

function element(name: string, text: string): string {
  return `<sr:${name}>${escapeXml(text)}</sr:${name}>`;
}

function isoTime(at: number): string {
  return new Date(at).toISOString();
}

// ---------------------------------------------------------------------------
// Compiled shapes

interface PlanAttribute {
  readonly name: string;
  readonly path: string;
  readonly kind: LeafKind;
}

/** A shape node with its path and tags worked out once. */
interface PlanNode {
  readonly name: string;
  readonly path: string;
  readonly open: string;
  readonly close: string;
  readonly occurrences: number;
  readonly attributes: readonly PlanAttribute[];
  readonly kind: LeafKind | null;
  readonly children: readonly PlanNode[];
  readonly choices: readonly (readonly string[])[];
}

function compile(shape: ElementShape, base: string): PlanNode {
  const path = base === '' ? shape.name : `${base}/${shape.name}`;
  return {
    name: shape.name,
    path,
    open: `<sr:${shape.name}`,
    close: `</sr:${shape.name}>`,
    occurrences: Math.max(1, shape.count?.[0] ?? 1),
    attributes: (shape.attributes ?? []).map((a) => ({
      name: a.name,
      path: `${path}/@${a.name}`,
      kind: a.kind,
    })),
    kind: shape.children === undefined ? (shape.kind ?? 'empty') : null,
    children: (shape.children ?? []).map((child) => compile(child, path)),
    choices: shape.choices ?? [],
  };
}

const PLANS = new Map<string, PlanNode>();

/** The compiled request body of an SRV (cached). */
function planFor(srv: string): PlanNode | undefined {
  let plan = PLANS.get(srv);
  if (plan === undefined) {
    const body = findSrvBody(srv);
    if (body === undefined) return undefined;
    plan = compile(body.shape, '');
    PLANS.set(srv, plan);
  }
  return plan;
}

/** What the writer of one body needs besides the shape. */
interface Fill {
  readonly values: ValueSource;
  readonly choose: ChoiceSource;
  /** Leaves whose value is fixed by the caller, by path. */
  readonly fixed: ReadonlyMap<string, string>;
}

const firstOption: ChoiceSource = (_path, options) => options[0]!;

function writeNode(node: PlanNode, fill: Fill, position: number): string {
  let out = node.open;
  for (const attribute of node.attributes) {
    const value =
      attribute.kind === 'index'
        ? String(position)
        : fill.values(attribute.path, attribute.kind);
    out += ` ${attribute.name}="${escapeXml(value)}"`;
  }
  if (node.kind === 'empty' || node.kind === 'xml') return out + '/>';
  if (node.kind !== null) {
    const value =
      fill.fixed.get(node.path) ?? fill.values(node.path, node.kind);
    return `${out}>${escapeXml(value)}${node.close}`;
  }
  return `${out}>${writeChildren(node, fill)}${node.close}`;
}

function writeChildren(node: PlanNode, fill: Fill): string {
  const skipped = unchosen(node, fill.choose);
  let out = '';
  for (const child of node.children) {
    if (skipped.has(child.name)) continue;
    if (child.name === EXECUTION && !fill.fixed.has(child.path)) continue;
    for (let i = 1; i <= child.occurrences; i++) {
      out += writeNode(child, fill, i);
    }
  }
  return out;
}

/** The children of a node that lost their choice. */
function unchosen(node: PlanNode, choose: ChoiceSource): Set<string> {
  const skipped = new Set<string>();
  for (const options of node.choices) {
    const chosen = choose(node.path, options);
    for (const option of options) if (option !== chosen) skipped.add(option);
  }
  return skipped;
}

// ---------------------------------------------------------------------------
// Signatures and envelopes

/**
 * A placeholder enveloped signature: the algorithms DCC uses (exclusive
 * C14N, ECDSA-SHA256) and a digest of the message body, but no real
 * signature value (satview never signs anything).
 */
function signature(body: string, signer: string): string {
  const digest = createHash('sha256').update(body).digest();
  const value = Buffer.concat([digest, digest]).toString('base64');
  const serial = BigInt('0x' + digest.subarray(0, 6).toString('hex'));
  return (
    `<ds:Signature><ds:SignedInfo>` +
    `<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>` +
    `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/>` +
    `<ds:Reference URI=""><ds:Transforms>` +
    `<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>` +
    `</ds:Transforms>` +
    `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>` +
    `<ds:DigestValue>${digest.toString('base64')}</ds:DigestValue>` +
    `</ds:Reference></ds:SignedInfo>` +
    `<ds:SignatureValue>${value}</ds:SignatureValue>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509IssuerSerial>` +
    `<ds:X509IssuerName>CN=${signer}, OU=07</ds:X509IssuerName>` +
    `<ds:X509SerialNumber>${serial}</ds:X509SerialNumber>` +
    `</ds:X509IssuerSerial></ds:X509Data></ds:KeyInfo></ds:Signature>`
  );
}

function envelope(
  root: 'Request' | 'Response',
  schemaVersion: string,
  header: string,
  body: string,
  signer: string | null,
): string {
  const signed = signer === null ? '' : signature(body, signer);
  return (
    `${DECLARATION}<sr:${root} xmlns:sr="${SR}" xmlns:ds="${DS}" ` +
    `schemaVersion="${escapeXml(schemaVersion)}"><sr:Header>${header}` +
    `</sr:Header><sr:Body>${body}</sr:Body>${signed}</sr:${root}>`
  );
}

function knownSrv(srv: string): SrvDefinition {
  const definition = findSrv(srv);
  if (definition === undefined) {
    throw invalid(`SRV '${srv}' is not in the catalogue`, { srv });
  }
  return definition;
}

// ---------------------------------------------------------------------------
// Requests

/** What {@link writeRequest} writes. */
export interface RequestSpec {
  readonly requestId: RequestId;
  readonly srv: string;
  readonly commandVariant: number;
  /** ExecutionDateTime (epoch ms) of a future-dated request; none if null. */
  readonly executionAt?: number | null;
  /** Leaf values; default: plausible values seeded by the Request ID. */
  readonly values?: ValueSource;
  /** Choice alternatives; default: the first of each choice. */
  readonly choose?: ChoiceSource;
  /** Default '5.4'. */
  readonly schemaVersion?: string;
  /** Add a ds:Signature block; default true. */
  readonly signed?: boolean;
}

/**
 * Writes a Service Request. CV 5/6/7 carry a SignedPreCommand (optional
 * ExecutionDateTime, base64 GBCSPayload at path
 * `SignedPreCommand/GBCSPayload`); every other CV carries the SRV's body
 * from srv-bodies, every leaf valued by `values` (index attributes are the
 * element's position; optional elements are all written; ExecutionDateTime
 * only when `executionAt` is given). Throws SV_DUIS_WRITE_INVALID for an
 * unknown SRV, a CV the SRV does not permit, or an execution time on an
 * SRV whose body has no ExecutionDateTime.
 */
export function writeRequest(spec: RequestSpec): string {
  const srv = knownSrv(spec.srv);
  if (!srv.commandVariants.includes(spec.commandVariant)) {
    throw invalid(
      `SRV ${srv.srv} does not permit Command Variant ${spec.commandVariant}`,
      { srv: srv.srv, commandVariant: spec.commandVariant },
    );
  }
  const header =
    element('RequestID', formatRequestId(spec.requestId)) +
    element('CommandVariant', String(spec.commandVariant)) +
    element('ServiceReference', srv.serviceReference) +
    element('ServiceReferenceVariant', srv.srv);
  const body = requestBody(spec, srv);
  const signer = spec.signed === false ? null : 'U1';
  return envelope('Request', spec.schemaVersion ?? '5.4', header, body, signer);
}

function requestBody(spec: RequestSpec, srv: SrvDefinition): string {
  const values =
    spec.values ??
    createValueSource(seedFromText(formatRequestId(spec.requestId)));
  const plan = planFor(srv.srv);
  if (plan === undefined) {
    throw invalid(`SRV ${srv.srv} has no body shape`, { srv: srv.srv });
  }
  // Checked for signed legs too: a SignedPreCommand may only carry an
  // execution time where the SRV itself can be future-dated.
  const fixed = executionLeaf(plan, spec.executionAt ?? null);
  if (isSignedLeg(spec.commandVariant)) {
    return signedPreCommand(spec.executionAt ?? null, values);
  }
  const fill = { values, choose: spec.choose ?? firstOption, fixed };
  return writeNode(plan, fill, 1);
}

function executionLeaf(
  plan: PlanNode,
  executionAt: number | null,
): Map<string, string> {
  const fixed = new Map<string, string>();
  if (executionAt === null) return fixed;
  const leaf = plan.children.find((child) => child.name === EXECUTION);
  if (leaf === undefined) {
    throw invalid(`a request of this SRV cannot carry an ExecutionDateTime`, {
      body: plan.name,
    });
  }
  fixed.set(leaf.path, isoTime(executionAt));
  return fixed;
}

function signedPreCommand(
  executionAt: number | null,
  values: ValueSource,
): string {
  const execution =
    executionAt === null ? '' : element(EXECUTION, isoTime(executionAt));
  const payload = values('SignedPreCommand/GBCSPayload', 'base64');
  return (
    `<sr:SignedPreCommand>${execution}` +
    `${element('GBCSPayload', payload)}</sr:SignedPreCommand>`
  );
}

// ---------------------------------------------------------------------------
// Responses

function responseHeader(
  requestId: RequestId | null,
  responseId: RequestId | null,
  responseCode: string,
  at: number,
): string {
  return (
    (requestId === null
      ? ''
      : element('RequestID', formatRequestId(requestId))) +
    (responseId === null
      ? ''
      : element('ResponseID', formatRequestId(responseId))) +
    element('ResponseCode', responseCode) +
    element('ResponseDateTime', isoTime(at))
  );
}

function responseMessage(srv: SrvDefinition, payload: string): string {
  return (
    `<sr:ResponseMessage>${element('ServiceReference', srv.serviceReference)}` +
    `${element('ServiceReferenceVariant', srv.srv)}${payload}` +
    `</sr:ResponseMessage>`
  );
}

/** Writes the synchronous I99 acknowledgement of a request. */
export function writeAcknowledgement(spec: {
  readonly requestId: RequestId;
  readonly srv: string;
  readonly at: number;
  readonly schemaVersion?: string;
}): string {
  const srv = knownSrv(spec.srv);
  const header = responseHeader(spec.requestId, null, 'I99', spec.at);
  const body = responseMessage(srv, '');
  return envelope('Response', spec.schemaVersion ?? '5.4', header, body, null);
}

/** The payload of a Service Response. */
export interface ResponsePayload {
  /** gbcs: GBCSPayload; precommand: PreCommand for a CV 4 request. */
  readonly kind: 'gbcs' | 'precommand' | 'none';
  /** Default: a deterministic placeholder frame. */
  readonly base64?: string;
}

/** What {@link writeResponse} writes. */
export interface ResponseSpec {
  readonly requestId: RequestId;
  readonly responseId?: RequestId | null;
  readonly srv: string;
  /** I0, an E or W code; use writeAcknowledgement for I99. */
  readonly responseCode: string;
  readonly at: number;
  /** Default: no payload (as in a rejection). */
  readonly payload?: ResponsePayload;
  readonly schemaVersion?: string;
  /** Default: signed when it carries a payload (DCC signs those). */
  readonly signed?: boolean;
}

/** GBCSVersion of written PreCommands (DUIS 5.4 is aligned with GBCS 4). */
const GBCS_VERSION = '4.0';

/** Writes a Service Response (ResponseMessage), with or without payload. */
export function writeResponse(spec: ResponseSpec): string {
  const srv = knownSrv(spec.srv);
  const header = responseHeader(
    spec.requestId,
    spec.responseId ?? null,
    spec.responseCode,
    spec.at,
  );
  const kind = spec.payload?.kind ?? 'none';
  const body = responseMessage(srv, responsePayload(spec, kind));
  const signed = spec.signed ?? kind !== 'none';
  const signer = signed ? 'Z1' : null;
  return envelope(
    'Response',
    spec.schemaVersion ?? '5.4',
    header,
    body,
    signer,
  );
}

function responsePayload(spec: ResponseSpec, kind: string): string {
  if (kind === 'none') return '';
  const base64 =
    spec.payload?.base64 ??
    placeholderGbcs(`${formatRequestId(spec.requestId)}:${kind}`);
  const frame = element('GBCSPayload', base64);
  if (kind === 'gbcs') return frame;
  return `<sr:PreCommand>${element('GBCSVersion', GBCS_VERSION)}${frame}</sr:PreCommand>`;
}

/** Writes the 8F66 (actioned) or 8F67 (not actioned) alert of a
 * future-dated request, sent when its execution time came. */
export function writeFutureDatedAlert(spec: {
  readonly requestId: RequestId;
  readonly responseId: RequestId;
  readonly srv: string;
  readonly actioned: boolean;
  readonly at: number;
  readonly base64?: string;
  readonly schemaVersion?: string;
}): string {
  const srv = knownSrv(spec.srv);
  const header = responseHeader(spec.requestId, spec.responseId, 'I0', spec.at);
  const code = spec.actioned ? '8F66' : '8F67';
  const base64 =
    spec.base64 ?? placeholderGbcs(`${formatRequestId(spec.responseId)}:fd`);
  const alert =
    `<sr:FutureDatedDeviceAlertMessage>${element('FutureDatedAlertCode', code)}` +
    `${element('GBCSPayload', base64)}</sr:FutureDatedDeviceAlertMessage>`;
  const body = responseMessage(srv, alert);
  return envelope('Response', spec.schemaVersion ?? '5.4', header, body, 'Z1');
}

// ---------------------------------------------------------------------------
// Alerts

/** An ID of the ResponseID form: originator, target and counter. */
function alertId(
  originator: Eui64 | string,
  target: Eui64 | string,
  counter: string | number | bigint,
): string {
  return (
    `${formatEui64(parseEui64(originator))}:` +
    `${formatEui64(parseEui64(target))}:${counter}`
  );
}

const HEX_CODE = /^[0-9A-F]{4}$/;

/** Writes a Device Alert: ResponseID is device:user:counter. */
export function writeDeviceAlert(spec: {
  readonly deviceId: Eui64 | string;
  readonly userId: Eui64 | string;
  readonly counter: string | number | bigint;
  /** Two-byte GBCS alert code in hex, e.g. '8F35'. */
  readonly alertCode: string;
  readonly at: number;
  readonly base64?: string;
  readonly schemaVersion?: string;
}): string {
  const code = spec.alertCode.toUpperCase();
  if (!HEX_CODE.test(code)) {
    throw invalid(`alert code '${spec.alertCode}' is not two bytes of hex`);
  }
  const id = alertId(spec.deviceId, spec.userId, spec.counter);
  const header =
    element('ResponseID', id) +
    element('ResponseCode', 'I0') +
    element('ResponseDateTime', isoTime(spec.at));
  const base64 = spec.base64 ?? placeholderGbcs(`${id}:alert`);
  const body =
    `<sr:DeviceAlertMessage>${element('AlertCode', code)}` +
    `${element('GBCSPayload', base64)}</sr:DeviceAlertMessage>`;
  return envelope('Response', spec.schemaVersion ?? '5.4', header, body, 'Z1');
}

/** What {@link writeDccAlert} writes. */
export interface DccAlertSpec {
  readonly userId: Eui64 | string;
  /** The DCC's own EUI-64 (the alert's originator). */
  readonly dccId: Eui64 | string;
  readonly counter: string | number | bigint;
  /** DCCAlertCode, e.g. 'N12'. */
  readonly code: string;
  readonly at: number;
  /** Written as the event's DeviceID; needs an event that has one. */
  readonly deviceId?: Eui64 | string;
  /** One of dccAlertEventNames(); none: no DCCAlert element. */
  readonly event?: string;
  /** Event leaf values, at `DCCAlertMessage/DCCAlert/<event>/…`. */
  readonly values?: ValueSource;
  readonly schemaVersion?: string;
}

/** Writes a DCC Alert: ResponseID is dcc:user:counter. */
export function writeDccAlert(spec: DccAlertSpec): string {
  const id = alertId(spec.dccId, spec.userId, spec.counter);
  const header =
    element('ResponseID', id) +
    element('ResponseCode', 'I0') +
    element('ResponseDateTime', isoTime(spec.at));
  const body =
    `<sr:DCCAlertMessage>${element('DCCAlertCode', spec.code)}` +
    `${dccAlertEvent(spec, id)}</sr:DCCAlertMessage>`;
  return envelope('Response', spec.schemaVersion ?? '5.4', header, body, 'Z1');
}

const EVENT_PLANS = new Map<string, PlanNode>(
  (
    messageShape('DCCAlertMessage').children?.find(
      (child) => child.name === 'DCCAlert',
    )?.children ?? []
  ).map((event) => [event.name, compile(event, 'DCCAlertMessage/DCCAlert')]),
);

function dccAlertEvent(spec: DccAlertSpec, id: string): string {
  if (spec.event === undefined) {
    if (spec.deviceId !== undefined) {
      throw invalid('a DCC Alert about a device needs an event to carry it');
    }
    return '';
  }
  const plan = EVENT_PLANS.get(spec.event);
  if (plan === undefined) {
    throw invalid(
      `DCC alert event '${spec.event}' is not one of ` +
        dccAlertEventNames().join(', '),
    );
  }
  const fill = {
    values: spec.values ?? createValueSource(seedFromText(id)),
    choose: firstOption,
    fixed: eventDevice(plan, spec.deviceId),
  };
  return `<sr:DCCAlert>${writeNode(plan, fill, 1)}</sr:DCCAlert>`;
}

function eventDevice(
  plan: PlanNode,
  deviceId: Eui64 | string | undefined,
): Map<string, string> {
  const fixed = new Map<string, string>();
  if (deviceId === undefined) return fixed;
  const leaf = plan.children.find((child) => child.name === 'DeviceID');
  if (leaf === undefined) {
    throw invalid(`DCC alert event ${plan.name} carries no DeviceID`);
  }
  fixed.set(leaf.path, formatEui64(parseEui64(deviceId)));
  return fixed;
}
