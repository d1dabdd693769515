/**
 * The element structure of DUIS bodies: the request body of each of the 129
 * SRVs, and the other bodies satview writes and withholds (SignedPreCommand,
 * ResponseMessage, DeviceAlertMessage, DCCAlertMessage,
 * SMETS1ResponseMessage).
 *
 * The data is `srv-bodies.json`; its `description` says how it was derived.
 * A shape is a tree of {@link ElementShape}s. Leaves carry a
 * {@link LeafKind} that says what sort of value they hold, so that writers
 * can invent plausible values and reviewers can see what is confidential.
 *
 * Paths name an element by the `/`-joined local names from the body
 * element down, e.g.
 * `UpdateImportTariffPrimaryElement/PriceElements/ElectricityPriceElements`;
 * an attribute adds `/@name`. The withholding allowlist uses the same paths.
 *
 * TODO: 13 SRVs have no RTDS template (their `derivation` says so) and the
 * content of DCC alert events is satview's own model, so bodies written for
 * them may differ from what DCC accepts; checking the shapes against the
 * DUIS 5.4 XSD published by the SEC would settle it.
 *
 * @example
 * const body = findSrvBody('1.1.1');
 * leafPaths(body!.shape).includes(
 *   'UpdateImportTariffPrimaryElement/ExecutionDateTime'); // true
 */
import bodiesData from './srv-bodies.json' with { type: 'json' };

/** The value a leaf holds; `srv-bodies.json` documents each kind. */
export type LeafKind =
  | 'datetime'
  | 'time'
  | 'date'
  | 'integer'
  | 'scale'
  | 'decimal'
  | 'price'
  | 'money'
  | 'currency'
  | 'boolean'
  | 'eui64'
  | 'mpan'
  | 'mprn'
  | 'mpxn'
  | 'uprn'
  | 'postcode'
  | 'cin'
  | 'utrn'
  | 'display-message'
  | 'supplier-name'
  | 'telephone'
  | 'text'
  | 'version'
  | 'base64'
  | 'certificate'
  | 'service-reference'
  | 'srv'
  | 'request-id'
  | 'index'
  | 'empty'
  | 'xml'
  | `hex:${number}`
  | `enum:${string}`;

const PLAIN_KINDS: ReadonlySet<string> = new Set([
  'datetime',
  'time',
  'date',
  'integer',
  'scale',
  'decimal',
  'price',
  'money',
  'currency',
  'boolean',
  'eui64',
  'mpan',
  'mprn',
  'mpxn',
  'uprn',
  'postcode',
  'cin',
  'utrn',
  'display-message',
  'supplier-name',
  'telephone',
  'text',
  'version',
  'base64',
  'certificate',
  'service-reference',
  'srv',
  'request-id',
  'index',
  'empty',
  'xml',
]);

/** An attribute of an element. */
export interface AttributeShape {
  readonly name: string;
  readonly kind: LeafKind;
  readonly optional?: boolean;
}

/** One element: a container (with children) or a leaf (with a kind). */
export interface ElementShape {
  readonly name: string;
  /** The element may be absent. */
  readonly optional?: boolean;
  /** It repeats: [lowest, highest] number of occurrences seen. */
  readonly count?: readonly [number, number];
  readonly attributes?: readonly AttributeShape[];
  /** Set on leaves only. */
  readonly kind?: LeafKind;
  /** Set on containers only, in document order. */
  readonly children?: readonly ElementShape[];
  /** Groups of child names that exclude each other (at most one each). */
  readonly choices?: readonly (readonly string[])[];
}

/** The request body of one SRV. */
export interface SrvBody {
  readonly srv: string;
  readonly bodyElement: string;
  /** Where the structure comes from (templates merged, or an analogy). */
  readonly derivation: string;
  /** The body element itself, named `bodyElement`. */
  readonly shape: ElementShape;
}

/** The local names of the non-request bodies modelled in `messages`. */
export type MessageElement =
  | 'SignedPreCommand'
  | 'ResponseMessage'
  | 'DeviceAlertMessage'
  | 'DCCAlertMessage'
  | 'SMETS1ResponseMessage';

interface SrvBodyRow {
  readonly srv: string;
  readonly bodyElement: string;
  readonly derivation: string;
  readonly attributes?: readonly AttributeShape[];
  readonly children?: readonly ElementShape[];
  readonly choices?: readonly (readonly string[])[];
}

interface BodiesFile {
  readonly srvs: readonly SrvBodyRow[];
  readonly messages: readonly (ElementShape & { derivation: string })[];
}

const data = bodiesData as unknown as BodiesFile;

function toSrvBody(row: SrvBodyRow): SrvBody {
  const { srv, bodyElement, derivation, ...rest } = row;
  const shape: ElementShape =
    rest.children === undefined
      ? { name: bodyElement, ...rest, kind: 'empty' }
      : { name: bodyElement, ...rest };
  return Object.freeze({ srv, bodyElement, derivation, shape });
}

const BY_SRV = new Map(data.srvs.map((row) => [row.srv, toSrvBody(row)]));

const MESSAGES = new Map<string, ElementShape>(
  data.messages.map((shape) => [shape.name, shape]),
);

/** The request body of every SRV, in catalogue order. */
export function allSrvBodies(): readonly SrvBody[] {
  return [...BY_SRV.values()];
}

/** The request body of one SRV (e.g. '6.15.1'), or undefined. */
export function findSrvBody(srv: string): SrvBody | undefined {
  return BY_SRV.get(srv);
}

/** The shape of a non-request body such as 'ResponseMessage'. */
export function messageShape(name: MessageElement): ElementShape {
  const shape = MESSAGES.get(name);
  if (shape === undefined) throw new Error(`srv-bodies.json lacks ${name}`);
  return shape;
}

/** Whether this name is one of the modelled non-request bodies. */
export function isMessageElement(name: string): name is MessageElement {
  return MESSAGES.has(name);
}

/** The DCC alert event types modelled inside DCCAlertMessage/DCCAlert. */
export function dccAlertEventNames(): readonly string[] {
  const alert = messageShape('DCCAlertMessage').children?.find(
    (child) => child.name === 'DCCAlert',
  );
  return (alert?.children ?? []).map((event) => event.name);
}

/** Whether a string is a kind this module knows (used to check the data). */
export function isLeafKind(text: string): text is LeafKind {
  if (PLAIN_KINDS.has(text)) return true;
  if (/^hex:[1-9][0-9]*$/.test(text)) return true;
  return /^enum:[^|]+(\|[^|]+)*$/.test(text);
}

/** The tokens of an `enum:a|b` kind; empty for other kinds. */
export function enumTokens(kind: LeafKind): readonly string[] {
  return kind.startsWith('enum:') ? kind.slice(5).split('|') : [];
}

/** The byte length of a `hex:N` kind; 0 for other kinds. */
export function hexBytes(kind: LeafKind): number {
  return kind.startsWith('hex:') ? Number(kind.slice(4)) : 0;
}

/** A leaf or attribute of a shape, with its path and kind. */
export interface ShapeLeaf {
  readonly path: string;
  readonly kind: LeafKind;
}

/** Every leaf and attribute of a shape, depth first, in document order. */
export function shapeLeaves(shape: ElementShape, base = ''): ShapeLeaf[] {
  const path = base === '' ? shape.name : `${base}/${shape.name}`;
  const out: ShapeLeaf[] = (shape.attributes ?? []).map((attribute) => ({
    path: `${path}/@${attribute.name}`,
    kind: attribute.kind,
  }));
  if (shape.children === undefined) {
    out.push({ path, kind: shape.kind ?? 'empty' });
    return out;
  }
  for (const child of shape.children) out.push(...shapeLeaves(child, path));
  return out;
}

/** The paths of every leaf and attribute of a shape. */
export function leafPaths(shape: ElementShape): string[] {
  return shapeLeaves(shape).map((leaf) => leaf.path);
}

/** Every element path of a shape (containers and leaves). */
export function elementPaths(shape: ElementShape, base = ''): string[] {
  const path = base === '' ? shape.name : `${base}/${shape.name}`;
  const out = [path];
  for (const child of shape.children ?? []) {
    out.push(...elementPaths(child, path));
  }
  return out;
}
