/**
 * How original XML is kept: Brotli at quality 0. Each message is
 * compressed alone, so the per-call set-up dominates: zlib's raw deflate
 * (even at level 1) spent about 30 µs a 2–4 KB message on it, Brotli's
 * fastest quality about 15 µs, for a similar ratio on DUIS markup (a third
 * to a half of the bytes; signatures and digests do not compress).
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

// The output never exceeds the input by more than a few bytes at quality
// 0, so an output chunk of the input's size plus slack is one chunk.
const CHUNK_SLACK = 64;

/**
 * Compresses a message's original text for storage. The result owns an
 * ArrayBuffer of exactly its size (not a view of a larger zlib output
 * buffer), so callers may keep many or transfer one between threads.
 */
export function compressText(text: string | Buffer): Buffer {
  const input = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const output = brotliCompressSync(input, {
    chunkSize: Math.max(input.byteLength + CHUNK_SLACK, 1024),
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 0,
      [constants.BROTLI_PARAM_SIZE_HINT]: input.byteLength,
    },
  });
  return exactCopy(output);
}

/** Restores a message's original text from storage. */
export function decompressText(stored: Uint8Array): string {
  return brotliDecompressSync(stored).toString('utf8');
}

function exactCopy(view: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(view.byteLength);
  view.copy(copy);
  return copy;
}
