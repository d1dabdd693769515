/**
 * The content coding of a JSON record answer: gzip when the client
 * accepts it and the answer is big enough to gain, otherwise none.
 * Browsers, curl --compressed and most HTTP libraries ask for gzip. A
 * page of records is JSON with long repeated keys and identifiers, which
 * gzip shrinks about sevenfold (a 43 KB page of the demo world to 6 KB),
 * so the network carries a seventh of the bytes.
 *
 * The coded body is what the answer cache keeps, under a key that names
 * the coding: a cached answer is compressed once, not on every request.
 *
 * These answers carry no secret a client could not already read (no
 * session, CSRF token or API token), so compression gives a BREACH-style
 * attacker nothing to guess at.
 */
import { gzipSync } from 'node:zlib';

import Negotiator from 'negotiator';

/** The codings a record answer can be sent in, in the server's order of
 * preference for equal client preferences. */
const CODINGS = ['gzip', 'identity'] as const;

export type Coding = (typeof CODINGS)[number];

/** Below this, gzip saves too few bytes to pay for its time and header. */
export const MIN_GZIP_BYTES = 1024;

// A client sends the same Accept-Encoding on every request, and a service
// sees a handful of distinct ones: the choice for each is kept, up to a
// bound so that made-up headers cannot grow it without end.
const MAX_REMEMBERED = 256;
const chosen = new Map<string, Coding>();

/**
 * The coding to send for an Accept-Encoding header value (RFC 9110
 * §12.5.3: names in any case, q-values, `*`). Without the header the
 * answer goes without coding. So it does when the client accepts none of
 * ours, even with `identity;q=0`: a client that refuses every coding we
 * have gets the plain JSON rather than an error.
 */
export function acceptedCoding(header: string | undefined): Coding {
  if (header === undefined || header === '') return 'identity';
  let coding = chosen.get(header);
  if (coding === undefined) {
    const request = { headers: { 'accept-encoding': header } };
    const best = new Negotiator(request).encoding(CODINGS);
    coding = best === 'gzip' ? 'gzip' : 'identity';
    if (chosen.size >= MAX_REMEMBERED) chosen.clear();
    chosen.set(header, coding);
  }
  return coding;
}

/** An answer's body in a coding, and the Content-Encoding to send with it
 * (null when sent as it is). */
export interface CodedBody {
  readonly body: Buffer;
  readonly contentEncoding: 'gzip' | null;
}

/** Codes a UTF-8 JSON body for the coding the client asked for. */
export function codeBody(json: Buffer, coding: Coding): CodedBody {
  if (coding === 'gzip' && json.length >= MIN_GZIP_BYTES) {
    return { body: gzipSync(json), contentEncoding: 'gzip' };
  }
  return { body: json, contentEncoding: null };
}
