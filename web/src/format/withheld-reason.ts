/**
 * How a withheld element arrives in a payload from the API: an object with
 * a single `withheld` reason in place of the element (PRODUCT.md §4).
 */

/** The reason, when a payload value is a withheld marker; else null. */
export function withheldReason(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) return null;
  const keys = Object.keys(value);
  const reason = (value as { withheld?: unknown }).withheld;
  return keys.length === 1 && typeof reason === 'string' ? reason : null;
}
