/**
 * EUI-64 identifiers: DCC User IDs and Device IDs.
 *
 * Input is accepted in any case, with hyphens, colons or spaces between the
 * byte pairs, or none. Internally satview keeps one canonical form, 16
 * lower-case hex digits, so that every index and comparison uses the same
 * spelling; output uses the DUIS form `00-DB-12-34-56-78-90-A0`.
 */
import { SatviewError } from '../errors/satview-error.ts';

/** An EUI-64 in canonical form: 16 lower-case hex digits. */
export type Eui64 = string & { readonly __brand: 'Eui64' };

const HEX16 = /^[0-9a-f]{16}$/;
const SEPARATED = /^[0-9a-f]{2}([-: ][0-9a-f]{2}){7}$/;

/** Reads an EUI-64 in any common spelling; throws SV_EUI_INVALID. */
export function parseEui64(text: string): Eui64 {
  const eui = tryParseEui64(text);
  if (eui === undefined) {
    throw new SatviewError('euiInvalid', `'${text}' is not an EUI-64`, {
      value: text,
    });
  }
  return eui;
}

/** Reads an EUI-64, or answers undefined when the text is not one. */
export function tryParseEui64(text: string): Eui64 | undefined {
  const lower = text.trim().toLowerCase();
  if (HEX16.test(lower)) return lower as Eui64;
  if (SEPARATED.test(lower)) return lower.replace(/[-: ]/g, '') as Eui64;
  return undefined;
}

/** Writes an EUI-64 in the DUIS form, e.g. `00-DB-12-34-56-78-90-A0`. */
export function formatEui64(eui: Eui64 | string): string {
  const hex = eui.toUpperCase();
  let out = hex.slice(0, 2);
  for (let i = 2; i < 16; i += 2) out += '-' + hex.slice(i, i + 2);
  return out;
}
