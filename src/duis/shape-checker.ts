/**
 * Shape checks shared by the request and response readers.
 */
import type { DuisScan } from './duis-scanner.ts';
import { refuse } from './field-reader.ts';

/** Refuses a Header element the root does not define. */
export function checkHeaderNames(
  scan: DuisScan,
  allowed: ReadonlySet<string>,
): void {
  if (!scan.hasHeader) throw refuse(`sr:${scan.root} has no sr:Header`);
  for (const name of scan.header.keys()) {
    if (!allowed.has(name)) {
      throw refuse(`sr:Header of a ${scan.root} cannot hold ${name}`, {
        element: name,
      });
    }
  }
}

/** The local name of the Body's one child; DUIS allows exactly one. */
export function onlyBodyChild(scan: DuisScan): string {
  const children = scan.bodyChildren;
  if (children.length === 1) return children[0]!;
  if (children.length === 0) {
    throw refuse(`sr:${scan.root} has no sr:Body or an empty one`);
  }
  throw refuse(
    `sr:Body holds ${children.length} elements (${children.join(', ')}), ` +
      'not one',
    { elements: children },
  );
}

/**
 * Remarks on the signature. Verifying it is out of satview's scope; the
 * flags only record what a verifier would be missing.
 */
export function signatureFlags(
  scan: DuisScan,
  expectSigned: boolean,
): string[] {
  const flags: string[] = [];
  if (!scan.signed && expectSigned) flags.push('unsigned');
  if (scan.signed && !scan.hasSerialNumber) {
    flags.push('signature-without-serial');
  }
  return flags;
}
