/**
 * Withholding (PRODUCT.md §4): what a viewer sees of the payload of a
 * record that is not its own. The body of the stored DUIS message is turned
 * into JSON, and every element that `withholding-allowlist.json` does not
 * name is replaced by a marker `{ withheld: "<reason>" }` (default deny).
 * The stored original is never altered.
 *
 * JSON form of a body: element local names are keys, `@name` keys hold
 * attributes, an element that occurs more than once under one parent is an
 * array, a leaf is its trimmed text, and `#text` holds text beside child
 * elements.
 *
 * @example
 * const { payload, withheld } = withholdPayload(xml, context, false);
 * // payload: { UpdateSupplierName: {
 * //   SupplierName: { withheld: 'confidential to the sender: …' }, … } }
 * // withheld: ['UpdateSupplierName/SupplierName', …]
 */
import type { RecordKind } from '../domain/sat-record.ts';
import { findSrv } from '../domain/srv-catalogue.ts';
import { parseXmlTree, type XmlElement } from '../duis/xml-tree.ts';
import allowlistData from './withholding-allowlist.json' with { type: 'json' };

/** What the caller knows of the record (from its stored fields). */
export interface WithholdingContext {
  readonly kind: RecordKind;
  readonly srv: string | null;
  readonly payloadElement: string | null;
  readonly alertCode: string | null;
}

/** The marker that replaces a withheld element or attribute. */
export interface WithheldMarker {
  readonly withheld: string;
}

/** A body as one viewer may see it. */
export interface WithheldPayload {
  /** The content of sr:Body as JSON, with markers where withheld. */
  readonly payload: unknown;
  /** Paths withheld, each once, in document order. */
  readonly withheld: string[];
}

/** One reviewed entry: a note and the allowed paths with their reasons. */
interface AllowlistEntry {
  readonly review: string;
  readonly allow: Readonly<Record<string, string>>;
}

interface AllowlistFile {
  readonly reasons: {
    readonly notListed: string;
    readonly gbcs: string;
    readonly unknown: string;
  };
  readonly srvs: Readonly<Record<string, AllowlistEntry>>;
  readonly messages: Readonly<Record<string, AllowlistEntry>>;
}

const allowlist = allowlistData as AllowlistFile;

/** The allowed paths of one body, and why the rest is withheld. */
interface Policy {
  readonly allowed: ReadonlySet<string>;
  /** Every proper prefix of an allowed path: containers to descend into. */
  readonly ancestors: ReadonlySet<string>;
  readonly reason: string;
}

const SR = 'http://www.dccinterface.co.uk/ServiceUserGateway';
const GBCS_PAYLOAD = 'GBCSPayload';

function policyOf(label: string, paths: readonly string[]): Policy {
  const ancestors = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      ancestors.add(parts.slice(0, i).join('/'));
    }
  }
  const reason = allowlist.reasons.notListed.replace('{entry}', label);
  return { allowed: new Set(paths), ancestors, reason };
}

const SRV_POLICIES = new Map<string, Policy>(
  Object.entries(allowlist.srvs).map(([srv, entry]) => [
    srv,
    policyOf(srv, Object.keys(entry.allow)),
  ]),
);

/** One policy per non-request body, merging its payload and event entries. */
const MESSAGE_POLICIES = new Map<string, Policy>(
  [
    ...new Set(Object.keys(allowlist.messages).map((k) => k.split('/')[0]!)),
  ].map((root) => {
    const paths = Object.entries(allowlist.messages)
      .filter(([key]) => key === root || key.startsWith(`${root}/`))
      .flatMap(([, entry]) => Object.keys(entry.allow));
    return [root, policyOf(root, paths)];
  }),
);

/** The policy for a body element, or undefined when none applies. */
function resolvePolicy(srv: string | null, root: string): Policy | undefined {
  const message = MESSAGE_POLICIES.get(root);
  if (message !== undefined) return message;
  if (srv === null || findSrv(srv)?.bodyElement !== root) return undefined;
  return SRV_POLICIES.get(srv);
}

/**
 * Whether a payload path is on the allowlist. Paths rooted at an SRV's
 * body element are looked up for that SRV; paths rooted at
 * SignedPreCommand, ResponseMessage, DeviceAlertMessage, DCCAlertMessage or
 * SMETS1ResponseMessage need no SRV.
 */
export function isAllowlisted(srv: string | null, path: string): boolean {
  const root = path.split('/', 1)[0]!;
  return resolvePolicy(srv, root)?.allowed.has(path) ?? false;
}

/**
 * The body of a stored DUIS message as `context`'s viewer may see it. With
 * `fullView` (the viewer's own record) the whole body; otherwise only
 * allowlisted elements, the rest replaced by markers and listed in
 * `withheld`. An unknown SRV or body element is withheld whole.
 *
 * The body element in the XML picks the allowlist entry; `context.srv`
 * says which SRV's request body it may be. The other context fields are
 * accepted for the caller's convenience: the stored XML says the same.
 */
export function withholdPayload(
  xml: string,
  context: WithholdingContext,
  fullView: boolean,
): WithheldPayload {
  const body = readBody(xml);
  if (body === undefined) {
    return {
      payload: { withheld: 'the stored message could not be read' },
      withheld: ['Body'],
    };
  }
  if (body === null) return { payload: null, withheld: [] };
  if (fullView)
    return { payload: membersOf(body.children, toJson), withheld: [] };
  const withheld = new Set<string>();
  const payload = membersOf(body.children, (element) =>
    withholdRoot(element, context, withheld),
  );
  return { payload, withheld: [...withheld] };
}

/** sr:Body of the message; null if it has none, undefined if unreadable. */
function readBody(xml: string): XmlElement | null | undefined {
  let root: XmlElement;
  try {
    root = parseXmlTree(xml);
  } catch {
    // The reader accepted this message at ingest; failing here means the
    // store is damaged, and one record must not break a whole page.
    return undefined;
  }
  const body = root.children.find((c) => c.uri === SR && c.name === 'Body');
  return body ?? null;
}

function withholdRoot(
  element: XmlElement,
  context: WithholdingContext,
  withheld: Set<string>,
): unknown {
  const srvKnown = context.srv === null || SRV_POLICIES.has(context.srv);
  const policy = srvKnown
    ? resolvePolicy(context.srv, element.name)
    : undefined;
  if (policy === undefined) {
    withheld.add(element.name);
    const what = srvKnown
      ? `body element ${element.name}`
      : `SRV ${context.srv ?? ''}`;
    return { withheld: allowlist.reasons.unknown.replace('{what}', what) };
  }
  return descend(element, element.name, policy, withheld);
}

// ---------------------------------------------------------------------------
// JSON building

/** Groups converted children by name; repeated names become arrays. */
function membersOf(
  children: readonly XmlElement[],
  convert: (child: XmlElement) => unknown,
): Record<string, unknown> {
  const grouped = new Map<string, unknown[]>();
  for (const child of children) {
    const values = grouped.get(child.name) ?? [];
    values.push(convert(child));
    grouped.set(child.name, values);
  }
  // fromEntries defines own properties, so a hostile name such as
  // __proto__ cannot reach the object's prototype.
  return Object.fromEntries(
    [...grouped].map(([name, values]) => [
      name,
      values.length === 1 ? values[0] : values,
    ]),
  );
}

function isBare(element: XmlElement): boolean {
  return (
    element.children.length === 0 &&
    Object.keys(element.attributes).length === 0
  );
}

/** The whole element as JSON (the owner's view). */
function toJson(element: XmlElement): unknown {
  if (isBare(element)) return element.text.trim();
  const attributes = Object.entries(element.attributes).map(
    ([name, value]) => [`@${name}`, value] as const,
  );
  const text = element.text.trim();
  return Object.fromEntries([
    ...attributes,
    ...Object.entries(membersOf(element.children, toJson)),
    ...(text === '' ? [] : [['#text', text] as const]),
  ]);
}

// ---------------------------------------------------------------------------
// Withholding

function mark(
  path: string,
  name: string,
  policy: Policy,
  withheld: Set<string>,
): WithheldMarker {
  withheld.add(path);
  const gbcs = name === GBCS_PAYLOAD;
  return { withheld: gbcs ? allowlist.reasons.gbcs : policy.reason };
}

/** An element below the body: shown, descended into, or withheld. */
function filterElement(
  element: XmlElement,
  path: string,
  policy: Policy,
  withheld: Set<string>,
): unknown {
  const listed = policy.allowed.has(path) || policy.ancestors.has(path);
  // An element without content carries only its name, which the key (and
  // any marker) shows anyway.
  if (isBare(element) && element.text.trim() === '') return '';
  if (!listed) return mark(path, element.name, policy, withheld);
  return descend(element, path, policy, withheld);
}

/** An element that is shown: its parts are judged one by one. */
function descend(
  element: XmlElement,
  path: string,
  policy: Policy,
  withheld: Set<string>,
): unknown {
  const text = element.text.trim();
  const shownText = (at: string): unknown =>
    policy.allowed.has(at) || text === ''
      ? text
      : mark(at, element.name, policy, withheld);
  if (isBare(element)) return shownText(path);
  const attributes = Object.entries(element.attributes).map(([name, value]) => {
    const at = `${path}/@${name}`;
    const shown = policy.allowed.has(at)
      ? value
      : mark(at, name, policy, withheld);
    return [`@${name}`, shown] as const;
  });
  const children = membersOf(element.children, (child) =>
    filterElement(child, `${path}/${child.name}`, policy, withheld),
  );
  return Object.fromEntries([
    ...attributes,
    ...Object.entries(children),
    ...(text === '' ? [] : [['#text', shownText(`${path}/#text`)] as const]),
  ]);
}
