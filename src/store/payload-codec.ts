/**
 * How original XML is kept: raw deflate at a fast level. DUIS messages are
 * repetitive markup, so even level 1 keeps about a third of the bytes, at a
 * cost the ingest path can afford.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Compresses a message's original text for storage. */
export function compressText(text: string | Buffer): Buffer {
  return deflateRawSync(text, { level: 1 });
}

/** Restores a message's original text from storage. */
export function decompressText(stored: Uint8Array): string {
  return inflateRawSync(stored).toString('utf8');
}
