/**
 * Plausible leaf values for DUIS bodies, chosen by {@link LeafKind} from a
 * seeded pseudo-random generator, so that the same seed always gives the
 * same messages. The demo world and the tests use them where they do not
 * plant values of their own.
 */
import { enumTokens, hexBytes, type LeafKind } from './srv-bodies.ts';

/**
 * Chooses the value of one leaf. `path` is the leaf's path from the body
 * element (e.g. `UpdateSupplierName/SupplierName`, or `…/@index` for an
 * attribute); the answer is written as text, escaped by the writer.
 */
export type ValueSource = (path: string, kind: LeafKind) => string;

/** A function answering a uniformly random integer in [0, n). */
type Random = (n: number) => number;

/** mulberry32: small, fast and good enough for invented data. */
function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(unit * n);
  };
}

/** A 32-bit seed from any text (FNV-1a), e.g. from a Request ID. */
export function seedFromText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

const YEAR_START = Date.UTC(2025, 0, 1);
const DAY_MS = 86_400_000;
const HEX = '0123456789ABCDEF';

const SUPPLIER_NAMES = [
  'Northwind Energy',
  'Brightwater Power',
  'Heathland Gas & Electric',
  'Kestrel Utilities',
  'Riverside Energy Co',
];
const DISPLAY_MESSAGES = [
  'Your credit is running low. Please top up soon.',
  'Thank you for your payment.',
  'Engineer visit booked for Tuesday morning.',
  'Your new tariff starts on the 1st of next month.',
  'Emergency credit is now available.',
];
const WORDS = [
  'north',
  'summer',
  'winter',
  'boost',
  'heating',
  'garage',
  'annex',
  'pump',
];
const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const MPAN_PRIMES = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43];

function digits(random: Random, count: number): string {
  let out = String(1 + random(9));
  while (out.length < count) out += String(random(10));
  return out;
}

function hex(random: Random, bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes * 2; i++) out += HEX[random(16)];
  return out;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[random(items.length)] as T;
}

/** An MPAN core whose last digit is the standard check digit. */
function mpan(random: Random): string {
  const body = digits(random, 12);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * MPAN_PRIMES[i]!;
  return body + String((sum % 11) % 10);
}

function base64(random: Random, bytes: number, lead: number[] = []): string {
  const buffer = Buffer.alloc(bytes);
  lead.forEach((byte, i) => (buffer[i] = byte));
  for (let i = lead.length; i < bytes; i++) buffer[i] = random(256);
  return buffer.toString('base64');
}

function eui64(random: Random): string {
  let out = '00-DB-12';
  for (let i = 0; i < 5; i++) out += '-' + hex(random, 1);
  return out;
}

function postcode(random: Random): string {
  const letter = () => POSTCODE_LETTERS[random(POSTCODE_LETTERS.length)];
  return `${letter()}${letter()}${1 + random(9)} ${random(10)}${letter()}${letter()}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

type Generator = (random: Random) => string;

/** How each plain kind is invented. */
const GENERATORS: Readonly<Record<string, Generator>> = {
  datetime: (r) => new Date(YEAR_START + r(365 * 48) * 1_800_000).toISOString(),
  time: (r) => `${pad2(r(24))}:${pad2(30 * r(2))}:00.00Z`,
  date: (r) =>
    new Date(YEAR_START + r(365) * DAY_MS).toISOString().slice(0, 10),
  integer: (r) => String(1 + r(100)),
  scale: (r) => String(-5 + r(3)),
  decimal: (r) => `${1 + r(40)}.${pad2(r(100))}`,
  price: (r) => String(1500 + r(40_000)),
  money: (r) => String(100 * r(50_000)),
  currency: () => 'GBP',
  boolean: (r) => (r(2) === 0 ? 'false' : 'true'),
  eui64,
  mpan,
  mprn: (r) => digits(r, 10),
  mpxn: mpan,
  uprn: (r) => digits(r, 12),
  postcode,
  cin: (r) => digits(r, 4),
  utrn: (r) => digits(r, 20),
  'display-message': (r) => pick(r, DISPLAY_MESSAGES),
  'supplier-name': (r) => pick(r, SUPPLIER_NAMES),
  telephone: (r) => `0300 ${digits(r, 3)} ${digits(r, 4)}`,
  text: (r) => `${pick(r, WORDS)} ${pick(r, WORDS)}`,
  version: (r) => `SMETS V${1 + r(5)}.${r(10)}`,
  // 0xDD 0x00 opens a GBCS general-ciphering frame (DUIS.md §6).
  base64: (r) => base64(r, 48 + 3 * r(20), [0xdd, 0x00]),
  // 0x30 0x82 opens a DER SEQUENCE of two-byte length, as certificates do.
  certificate: (r) => base64(r, 420, [0x30, 0x82, 0x01, 0xa0]),
  'service-reference': () => '4.6',
  srv: () => '4.6.1',
  'request-id': (r) =>
    `90-B3-D5-1F-30-01-00-00:${eui64(r)}:${1_700_000_000_000 + r(1e9)}`,
  index: () => '1',
  empty: () => '',
  xml: () => '',
};

/** Invents one value of a kind with the given random source. */
function generate(kind: LeafKind, random: Random): string {
  const plain = GENERATORS[kind];
  if (plain !== undefined) return plain(random);
  const tokens = enumTokens(kind);
  if (tokens.length > 0) return pick(random, tokens);
  const bytes = hexBytes(kind);
  if (bytes > 0) return hex(random, bytes);
  throw new Error(`no value generator for kind '${kind}'`);
}

/**
 * A deterministic {@link ValueSource}: plausible values by kind from a PRNG
 * seeded with `seed` (the same seed and the same sequence of calls give the
 * same values).
 */
export function createValueSource(seed: number): ValueSource {
  const random = createRandom(seed);
  return (_path, kind) => generate(kind, random);
}

/** A deterministic base64 blob standing in for a GBCS frame. */
export function placeholderGbcs(seedText: string): string {
  return generate('base64', createRandom(seedFromText(seedText)));
}
