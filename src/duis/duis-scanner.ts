/**
 * One streaming pass over a DUIS message with saxes: it checks that the XML
 * is well formed and safe, resolves namespaces, and keeps only the texts
 * and element names the readers need. No tree is built; this is the hot
 * path of ingest.
 *
 * saxes runs with `xmlns: false` because its own namespace handling halves
 * its speed (docs/TECH.md §5). Prefixes are resolved here instead, from the
 * `xmlns` and `xmlns:*` attributes with a scope per element, and elements
 * are always matched by namespace URI, never by prefix.
 */
import {
  type SaxesAttributePlain,
  SaxesParser,
  type SaxesTagPlain,
} from 'saxes';
import { SatviewError } from '../errors/satview-error.ts';
import { refuse } from './field-reader.ts';

/** The DUIS namespace (`sr:` in the DCC's samples). */
export const DUIS_NS = 'http://www.dccinterface.co.uk/ServiceUserGateway';
/** XML digital signatures (`ds:`). */
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** The two DUIS roots satview reads. */
export type DuisRoot = 'Request' | 'Response';

/** What one pass found. Texts are trimmed; names are local names. */
export interface DuisScan {
  readonly root: DuisRoot;
  readonly schemaVersion: string | undefined;
  readonly hasHeader: boolean;
  /** Texts of the sr:Header children, by local name. */
  readonly header: ReadonlyMap<string, string>;
  /** Local names of the sr:Body children, in order. */
  readonly bodyChildren: readonly string[];
  /** Texts of the few grandchildren of sr:Body the readers use
   * (ExecutionDateTime; ServiceReference, AlertCode, …) and of
   * FutureDatedAlertCode. */
  readonly inner: ReadonlyMap<string, string>;
  /** In a Response, the other children of the Body's child: the payload
   * element of a ResponseMessage. */
  readonly payloads: readonly string[];
  /** The first child of a DCCAlert, e.g. 'PowerOutageEvent'. */
  readonly alertEvent: string | null;
  /** The text of the first DeviceID element inside the Body. */
  readonly firstDeviceId: string | null;
  /** Whether a ds:Signature is a child of the root. */
  readonly signed: boolean;
  /** Whether that signature's KeyInfo names a certificate serial. */
  readonly hasSerialNumber: boolean;
}

/** Grandchildren of sr:Body whose text is kept, by root. */
const INNER_FIELDS: Readonly<Record<DuisRoot, ReadonlySet<string>>> = {
  Request: new Set(['ExecutionDateTime']),
  Response: new Set([
    'ServiceReference',
    'ServiceReferenceVariant',
    'AlertCode',
    'DCCAlertCode',
  ]),
};

/** Where an element sits; decides what its children mean. */
const OTHER = 0;
const ROOT = 1;
const HEADER = 2;
const BODY = 3;
const BODY_CHILD = 4;
const IN_BODY = 5;
const FUTURE_ALERT = 6;
const DCC_ALERT = 7;
const SIGNATURE = 8;
const KEY_INFO = 9;
const CAPTURED = 10;

/** Where a captured text goes. */
const TO_HEADER = 0;
const TO_INNER = 1;
const TO_DEVICE_ID = 2;

/** No capture in progress; never equal to a depth minus one. */
const NOT_CAPTURING = -10;

type NamespaceScope = Record<string, string>;

/** `xml` is bound by definition; nothing else is. */
const BASE_SCOPE: NamespaceScope = Object.assign(Object.create(null), {
  xml: 'http://www.w3.org/XML/1998/namespace',
});

/** The state of one pass; a new one per message. */
interface ScanState {
  root: DuisRoot;
  schemaVersion: string | undefined;
  hasHeader: boolean;
  hasBody: boolean;
  header: Map<string, string>;
  bodyChildren: string[];
  inner: Map<string, string>;
  payloads: string[];
  alertEvent: string | null;
  firstDeviceId: string | null;
  signed: boolean;
  hasSerialNumber: boolean;
}

function newState(): ScanState {
  return {
    root: 'Request',
    schemaVersion: undefined,
    hasHeader: false,
    hasBody: false,
    header: new Map(),
    bodyChildren: [],
    inner: new Map(),
    payloads: [],
    alertEvent: null,
    firstDeviceId: null,
    signed: false,
    hasSerialNumber: false,
  };
}

/** A reusable saxes parser with the DUIS handlers attached. */
class DuisScanner {
  private readonly parser = new SaxesParser({ xmlns: false });
  private state: ScanState = newState();
  /** The number of open elements; `places[d]` and `scopes[d]` describe
   * the open element at depth d, the root being at depth 0. */
  private depth = 0;
  private readonly places: number[] = [];
  private readonly scopes: NamespaceScope[] = [];
  private uri = '';
  private local = '';
  private captureDepth = NOT_CAPTURING;
  private captureTarget = TO_HEADER;
  private captureName = '';
  private captured = '';
  /** The namespace declarations of the tag being opened, seen as its
   * attributes go by; most elements declare none. */
  private declarations: SaxesAttributePlain[] = [];
  private readonly onText = (text: string) => this.addText(text);

  constructor() {
    const parser = this.parser;
    parser.on('opentag', (tag) => this.openTag(tag));
    parser.on('closetag', () => this.closeTag());
    parser.on('attribute', (attribute) => this.noteAttribute(attribute));
    // Text matters only inside a captured element, so the text handler is
    // set only while one is open: without it saxes skips building the
    // whitespace between elements (with the attribute events, about 3 µs
    // of a 35 µs scan here).
    parser.on('cdata', (text) => this.addText(text));
    parser.on('doctype', (doctype) => this.refuseDoctype(doctype));
    parser.on('error', (error) => this.refuseMalformed(error));
  }

  /** Reads one whole document. Throws SatviewError on any problem. */
  scan(text: string): DuisScan {
    this.state = newState();
    this.depth = 0;
    this.captureDepth = NOT_CAPTURING;
    this.declarations = [];
    this.parser.off('text');
    this.parser.write(text).close();
    return this.state;
  }

  private openTag(tag: SaxesTagPlain): void {
    const depth = this.depth;
    const scope = this.enterScope(depth);
    this.resolve(tag.name, scope);
    this.places[depth] =
      depth === 0
        ? this.openRoot(tag.attributes)
        : this.openChild(this.places[depth - 1]!, depth);
    this.depth = depth + 1;
  }

  private closeTag(): void {
    const depth = --this.depth;
    if (depth === this.captureDepth) this.finishCapture();
  }

  private addText(text: string): void {
    // Text arrives while its element is the innermost open one.
    if (this.captureDepth === this.depth - 1) this.captured += text;
  }

  private noteAttribute(attribute: SaxesAttributePlain): void {
    if (isNamespaceDeclaration(attribute.name)) {
      this.declarations.push(attribute);
    }
  }

  /** Pushes a namespace scope, copying only when the element declares. */
  private enterScope(depth: number): NamespaceScope {
    const parent = depth === 0 ? BASE_SCOPE : this.scopes[depth - 1]!;
    let scope = parent;
    if (this.declarations.length > 0) {
      scope = Object.create(parent) as NamespaceScope;
      for (const { name, value } of this.declarations) {
        scope[name.length === 5 ? '' : name.slice(6)] = value;
      }
      this.declarations = [];
    }
    this.scopes[depth] = scope;
    return scope;
  }

  /** Sets `uri` and `local` for a qualified element name. */
  private resolve(name: string, scope: NamespaceScope): void {
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    this.local = colon < 0 ? name : name.slice(colon + 1);
    const uri = scope[prefix];
    if (uri !== undefined) {
      this.uri = uri;
    } else if (colon < 0) {
      this.uri = '';
    } else {
      throw refuse(`the namespace prefix of <${name}> is not declared`, {
        element: name,
      });
    }
    if (colon === 0 || this.local === '' || this.local.includes(':')) {
      throw refuse(`<${name}> is not a namespace-qualified name`, {
        element: name,
      });
    }
  }

  private openRoot(attributes: Record<string, string>): number {
    const local = this.local;
    if (this.uri !== DUIS_NS || (local !== 'Request' && local !== 'Response')) {
      throw refuse(
        `the root element is ${this.describe()}, not a DUIS Request or ` +
          'Response',
        { element: local, namespace: this.uri },
      );
    }
    this.state.root = local;
    this.state.schemaVersion = attributes['schemaVersion'];
    return ROOT;
  }

  private openChild(parent: number, depth: number): number {
    switch (parent) {
      case ROOT:
        return this.openRootChild();
      case HEADER:
        return this.openHeaderField(depth);
      case BODY:
        return this.openBodyChild();
      case BODY_CHILD:
        return this.openBodyGrandchild(depth);
      case FUTURE_ALERT:
        return this.openFutureAlertChild(depth);
      case DCC_ALERT:
        this.state.alertEvent ??= this.local;
        return this.openInBody(depth);
      case IN_BODY:
        return this.openInBody(depth);
      case SIGNATURE:
        return this.isDsig('KeyInfo') ? KEY_INFO : OTHER;
      case KEY_INFO:
        if (this.isDsig('X509SerialNumber')) this.state.hasSerialNumber = true;
        return KEY_INFO;
      default:
        return OTHER;
    }
  }

  private openRootChild(): number {
    const state = this.state;
    if (this.isDuis('Header') && !state.hasHeader) {
      state.hasHeader = true;
      return HEADER;
    }
    if (this.isDuis('Body') && !state.hasBody) {
      state.hasBody = true;
      return BODY;
    }
    if (this.isDsig('Signature') && !state.signed) {
      state.signed = true;
      return SIGNATURE;
    }
    throw refuse(
      `sr:${state.root} has an unexpected or repeated element ` +
        this.describe(),
      { element: this.local, namespace: this.uri },
    );
  }

  private openHeaderField(depth: number): number {
    if (this.uri !== DUIS_NS) {
      throw refuse(`sr:Header holds ${this.describe()}, not a DUIS element`, {
        element: this.local,
        namespace: this.uri,
      });
    }
    return this.startCapture(TO_HEADER, depth);
  }

  private openBodyChild(): number {
    if (this.uri !== DUIS_NS) {
      throw refuse(`sr:Body holds ${this.describe()}, not a DUIS element`, {
        element: this.local,
        namespace: this.uri,
      });
    }
    this.state.bodyChildren.push(this.local);
    return BODY_CHILD;
  }

  private openBodyGrandchild(depth: number): number {
    const state = this.state;
    if (this.uri === DUIS_NS && INNER_FIELDS[state.root].has(this.local)) {
      return this.startCapture(TO_INNER, depth);
    }
    if (state.root === 'Request') return this.openInBody(depth);
    state.payloads.push(this.local);
    if (this.isDuis('FutureDatedDeviceAlertMessage')) return FUTURE_ALERT;
    if (this.isDuis('DCCAlert')) return DCC_ALERT;
    return this.openInBody(depth);
  }

  private openFutureAlertChild(depth: number): number {
    if (this.isDuis('FutureDatedAlertCode')) {
      return this.startCapture(TO_INNER, depth);
    }
    return this.openInBody(depth);
  }

  /** Any element inside the Body: only the first DeviceID matters. */
  private openInBody(depth: number): number {
    if (this.state.firstDeviceId === null && this.isDuis('DeviceID')) {
      return this.startCapture(TO_DEVICE_ID, depth);
    }
    return IN_BODY;
  }

  private startCapture(target: number, depth: number): number {
    this.parser.on('text', this.onText);
    this.captureDepth = depth;
    this.captureTarget = target;
    this.captureName = this.local;
    this.captured = '';
    return CAPTURED;
  }

  private finishCapture(): void {
    const text = this.captured.trim();
    const name = this.captureName;
    const state = this.state;
    this.captureDepth = NOT_CAPTURING;
    this.parser.off('text');
    if (this.captureTarget === TO_DEVICE_ID) {
      state.firstDeviceId ??= text;
      return;
    }
    const fields =
      this.captureTarget === TO_HEADER ? state.header : state.inner;
    if (fields.has(name)) {
      const where = this.captureTarget === TO_HEADER ? 'sr:Header' : 'sr:Body';
      throw refuse(`${where} has more than one ${name}`, { element: name });
    }
    fields.set(name, text);
  }

  private isDuis(local: string): boolean {
    return this.local === local && this.uri === DUIS_NS;
  }

  private isDsig(local: string): boolean {
    return this.local === local && this.uri === DSIG_NS;
  }

  private describe(): string {
    const where =
      this.uri === '' ? 'in no namespace' : `in namespace '${this.uri}'`;
    return `'${this.local}' ${where}`;
  }

  private refuseDoctype(doctype: string): never {
    const what = /<!ENTITY/i.test(doctype)
      ? 'a DOCTYPE with entity declarations'
      : 'a DOCTYPE declaration';
    throw new SatviewError(
      'duisUnsafe',
      `line ${this.parser.line}: ${what} is refused (DUIS never needs one)`,
      { line: this.parser.line },
    );
  }

  /** saxes reports well-formedness errors as `line:column: reason.` */
  private refuseMalformed(error: Error): never {
    const { line, column } = this.parser;
    const reason = error.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '');
    throw malformedError(reason, `line ${line}, column ${column}`, {
      line,
      column,
    });
  }
}

/** An undeclared entity is an attempt at entity expansion, so unsafe; so
 * is a DOCTYPE that saxes fails (after the root) before reporting it. */
function malformedError(
  reason: string,
  where: string,
  details: Record<string, unknown>,
): SatviewError {
  if (reason === 'undefined entity') {
    const message = `${where}: reference to an undeclared entity`;
    return new SatviewError('duisUnsafe', message, details);
  }
  if (reason.includes('doctype')) {
    const message = `${where}: a DOCTYPE declaration is refused`;
    return new SatviewError('duisUnsafe', message, details);
  }
  return refuse(`${where}: ${reason}`, details);
}

/** `xmlns` or `xmlns:prefix`. */
function isNamespaceDeclaration(name: string): boolean {
  return (
    name.startsWith('xmlns') && (name.length === 5 || name.charAt(5) === ':')
  );
}

/** A scanner between messages; taken while in use, so that a scanner
 * abandoned mid-document by an error is never reused. */
let idle: DuisScanner | undefined;

/** Scans one DUIS document; throws SatviewError when it cannot be read. */
export function scanDuis(text: string): DuisScan {
  const scanner = idle ?? new DuisScanner();
  idle = undefined;
  const scan = scanner.scan(text);
  idle = scanner;
  return scan;
}
