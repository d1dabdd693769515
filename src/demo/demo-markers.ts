/**
 * Markers for leak tests. In a demo world built with `--markers`, every
 * confidential leaf and every GBCS payload holds a unique marker that
 * names the party whose traffic it is, e.g. `SVMKBRITENz417zzz`. A test
 * that crawls the API or the UI as one party then looks for markers of
 * any other party: finding one is a leak.
 *
 * Form: `SVMK`, the party id (upper-case letters and digits), `z`, a
 * decimal counter, then `z`s up to a multiple of 4 characters. Letters and
 * digits only, so a marker is also valid base64 (for GBCS payloads) and
 * survives XML, JSON, CSV and HTML unescaped.
 */

const MARKER = /SVMK([A-Z0-9]+)z([0-9]+)z*/g;

/** A marker found in some text, and the party it belongs to. */
export interface FoundMarker {
  readonly marker: string;
  readonly partyId: string;
}

/** Hands out unique markers in a fixed order (deterministic worlds). */
export class MarkerMint {
  #next = 1;

  /** A new marker for a party's confidential value. */
  mint(partyId: string): string {
    if (!/^[A-Z0-9]+$/.test(partyId)) {
      throw new RangeError(`party id '${partyId}' cannot carry a marker`);
    }
    const bare = `SVMK${partyId}z${this.#next}`;
    this.#next += 1;
    return bare.padEnd(Math.ceil((bare.length + 1) / 4) * 4, 'z');
  }

  /** How many markers were handed out. */
  get count(): number {
    return this.#next - 1;
  }
}

/** The party a marker names, or null when the text is not a marker. */
export function markerParty(marker: string): string | null {
  const match = /^SVMK([A-Z0-9]+)z([0-9]+)z*$/.exec(marker);
  return match?.[1] ?? null;
}

/** Every marker in a text (an API answer, a page's HTML), in order. */
export function findMarkers(text: string): FoundMarker[] {
  const found: FoundMarker[] = [];
  for (const match of text.matchAll(MARKER)) {
    found.push({ marker: match[0], partyId: match[1] ?? '' });
  }
  return found;
}

/** The markers in a text that belong to any party but `partyId`. */
export function foreignMarkers(text: string, partyId: string): FoundMarker[] {
  return findMarkers(text).filter((found) => found.partyId !== partyId);
}
