/**
 * Identifiers of the demo world: Device IDs (EUI-64s with invented
 * manufacturer prefixes), MPANs with the standard check digit, and MPRNs.
 * Each is unique in the world because it embeds the premises index.
 */
import type { Eui64 } from '../domain/eui64.ts';
import type { Region } from './demo-parties.ts';
import type { SeededRandom } from './seeded-random.ts';

/** Type nibbles of the Device ID (byte 4); generation fills the low one. */
const DEVICE_TYPE_CODES: Readonly<Record<string, number>> = {
  ESME: 1,
  GSME: 2,
  CHF: 3,
  GPF: 4,
  IHD: 5,
  PPMID: 6,
  HCALCS: 7,
  CAD: 8,
};

/** Invented manufacturer prefixes (3 bytes) per device family. */
const MANUFACTURERS: Readonly<Record<string, readonly string[]>> = {
  ESME: ['d05a10', 'd05a11', '4c8e20'],
  GSME: ['d05a12', '4c8e21'],
  CHF: ['a8c3e0', 'a8c3e1', 'b47f02'],
  GPF: ['a8c3e0', 'a8c3e1', 'b47f02'],
  IHD: ['6e1f30', '6e1f31'],
  PPMID: ['6e1f32'],
  HCALCS: ['5b2d40'],
  CAD: ['2c9a50', '2c9a51'],
};

/**
 * A Device ID unique in the world: manufacturer, type and generation, then
 * the premises index in four bytes.
 */
export function deviceIdOf(
  deviceType: string,
  generation: number,
  premises: number,
  random: SeededRandom,
): Eui64 {
  const manufacturer = random.pick(MANUFACTURERS[deviceType] ?? ['000000']);
  const code = ((DEVICE_TYPE_CODES[deviceType] ?? 15) << 4) | generation;
  return (manufacturer +
    code.toString(16).padStart(2, '0') +
    premises.toString(16).padStart(8, '0')) as Eui64;
}

/** Distributor ids (the first two digits of an MPAN) per region. */
const DISTRIBUTOR_IDS: Readonly<Record<Region, readonly string[]>> = {
  north: ['15', '23'],
  central: ['11', '14'],
  south: ['19', '20'],
};

const MPAN_PRIMES = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43];

/**
 * A 13-digit MPAN core: the region's distributor id, a 10-digit number
 * unique to the premises, and the standard check digit (prime-weighted sum
 * mod 11 mod 10).
 */
export function mpanOf(
  index: number,
  region: Region,
  random: SeededRandom,
): string {
  const distributor = random.pick(DISTRIBUTOR_IDS[region]);
  const unique = String(1_000_000_000 + ((index * 7919) % 9_000_000_000));
  const twelve = distributor + unique;
  let sum = 0;
  for (let i = 0; i < 12; i += 1) {
    sum += Number(twelve[i]) * (MPAN_PRIMES[i] ?? 0);
  }
  return twelve + String((sum % 11) % 10);
}

/** An MPRN: mostly 10 digits, some older 8-digit ones. */
export function mprnOf(index: number, random: SeededRandom): string {
  if (random.chance(0.1)) {
    return String(10_000_000 + ((index * 7907) % 90_000_000));
  }
  return String(1_000_000_000 + ((index * 7907) % 9_000_000_000));
}
