/**
 * A small namespace-aware element tree for the few places that need a whole
 * DUIS document (withholding a stored payload), built with saxes. Like the
 * DUIS reader it refuses a DOCTYPE and any entity other than the five XML
 * ones and character references, so that no document can expand or fetch
 * anything.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';

import { SatviewError } from '../errors/satview-error.ts';

/** One element: its namespace URI, local name, attributes and content. */
export interface XmlElement {
  readonly uri: string;
  /** The local name, without prefix. */
  readonly name: string;
  /** Attributes by local name; namespace declarations are left out. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** All text directly inside the element, untrimmed. */
  readonly text: string;
}

interface OpenElement {
  readonly uri: string;
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: OpenElement[];
  text: string;
}

/** Options of {@link parseXmlTree}. */
export interface XmlTreeOptions {
  /** Refuse larger input (UTF-8 bytes) before parsing; default 1 MiB. */
  readonly maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * Parses a whole document into a tree. Throws SV_DUIS_UNSAFE for a DOCTYPE
 * or an undeclared entity, SV_DUIS_TOO_LARGE over the size limit, and
 * SV_DUIS_REFUSED for any other well-formedness error (with line:column).
 */
export function parseXmlTree(
  xml: string | Buffer,
  options: XmlTreeOptions = {},
): XmlElement {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof xml === 'string' ? Buffer.byteLength(xml) : xml.length;
  if (size > maxBytes) {
    throw new SatviewError(
      'duisTooLarge',
      `the document has ${size} bytes, more than the limit of ${maxBytes}`,
      { size, maxBytes },
    );
  }
  return build(typeof xml === 'string' ? xml : xml.toString('utf8'));
}

function build(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: OpenElement[] = [];
  let root: OpenElement | null = null;
  parser.on('doctype', () => {
    throw unsafe('a DOCTYPE is not allowed in a DUIS message');
  });
  parser.on('error', (error) => {
    throw refusal(error.message);
  });
  parser.on('opentag', (tag) => {
    const element = open(tag);
    if (stack.length === 0) root = element;
    else stack[stack.length - 1]!.children.push(element);
    stack.push(element);
  });
  parser.on('text', (chunk) => appendText(stack, chunk));
  parser.on('cdata', (chunk) => appendText(stack, chunk));
  parser.on('closetag', () => stack.pop());
  parser.write(text).close();
  if (root === null) throw refusal('the document has no root element');
  return root;
}

function open(tag: SaxesTagNS): OpenElement {
  const attributes: Record<string, string> = {};
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.prefix === 'xmlns' || attribute.name === 'xmlns') continue;
    attributes[attribute.local] = attribute.value;
  }
  return { uri: tag.uri, name: tag.local, attributes, children: [], text: '' };
}

function appendText(stack: OpenElement[], chunk: string): void {
  const top = stack[stack.length - 1];
  if (top !== undefined) top.text += chunk;
}

function unsafe(message: string): SatviewError {
  return new SatviewError('duisUnsafe', message);
}

// saxes reports an unknown entity as a well-formedness error; it is the
// same attack surface as a DOCTYPE, so it gets the same code.
function refusal(message: string): SatviewError {
  if (/undefined entity/.test(message)) return unsafe(message);
  return new SatviewError('duisRefused', message);
}

/** The first child with this namespace URI and local name. */
export function childElement(
  parent: XmlElement,
  uri: string,
  name: string,
): XmlElement | undefined {
  return parent.children.find(
    (child) => child.name === name && child.uri === uri,
  );
}
