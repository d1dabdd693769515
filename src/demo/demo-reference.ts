/**
 * The reference data of one demo premises (PRODUCT.md §6): devices, meter
 * points, HAN links, registrations and credentials, derived from its
 * history so that they agree with the traffic by construction. SMETS1
 * devices get no credential rows: the DCC emulates their trust anchors,
 * and the registered distributor or transporter stands in.
 */
import type {
  Credential,
  CredentialAnchor,
  Device,
  HanLink,
  MeterPoint,
  Registration,
} from '../domain/reference-data.ts';
import { DCC_PARTY } from './demo-parties.ts';
import {
  agentSpans,
  type DemoDevice,
  type DemoPremises,
  type Fuel,
  type Span,
} from './demo-premises.ts';

/** The reference rows of one premises. */
export interface PremisesReference {
  readonly devices: readonly Device[];
  readonly meterPoints: readonly MeterPoint[];
  readonly hanLinks: readonly HanLink[];
  readonly registrations: readonly Registration[];
  readonly credentials: readonly Credential[];
}

/** Derives the reference rows of a premises. */
export function premisesReference(premises: DemoPremises): PremisesReference {
  return {
    devices: premises.devices.map(({ deviceId, deviceType, smets }) => ({
      deviceId,
      deviceType,
      smets,
    })),
    meterPoints: meterPoints(premises),
    hanLinks: hanLinks(premises),
    registrations: registrations(premises),
    credentials: premises.smets === 1 ? [] : credentials(premises),
  };
}

/** The fuel a meter serves; null for devices that are not meters. */
export function meterFuel(device: DemoDevice): Fuel | null {
  if (device.deviceType === 'ESME') return 'electricity';
  if (device.deviceType === 'GSME') return 'gas';
  return null;
}

function meterPoints(premises: DemoPremises): MeterPoint[] {
  const rows: MeterPoint[] = [];
  for (const device of premises.devices) {
    const fuel = meterFuel(device);
    const mpxn = fuel === 'gas' ? premises.mprn : premises.mpan;
    if (fuel === null || mpxn === null) continue;
    rows.push({
      deviceId: device.deviceId,
      mpxn,
      from: device.from,
      to: device.to,
    });
  }
  return rows;
}

/** Which meters each kind of HAN device serves. */
const SERVES: Readonly<Record<string, readonly string[]>> = {
  CHF: ['ESME', 'GSME'],
  GPF: ['GSME'],
  IHD: ['ESME', 'GSME'],
  PPMID: ['ESME', 'GSME'],
  CAD: ['ESME', 'GSME'],
  HCALCS: ['ESME'],
};

function hanLinks(premises: DemoPremises): HanLink[] {
  const rows: HanLink[] = [];
  for (const device of premises.devices) {
    const served = SERVES[device.deviceType] ?? [];
    for (const meter of premises.devices) {
      if (!served.includes(meter.deviceType)) continue;
      const overlap = intersect(device, meter);
      if (overlap === null) continue;
      rows.push({
        deviceId: device.deviceId,
        meterId: meter.deviceId,
        ...overlap,
      });
    }
  }
  return rows;
}

/** The overlap of two lives, or null when they do not meet. */
function intersect(
  a: { from: number; to: number | null },
  b: { from: number; to: number | null },
): { from: number; to: number | null } | null {
  const from = Math.max(a.from, b.from);
  const ends = [a.to, b.to].filter((to): to is number => to !== null);
  const to = ends.length === 0 ? null : Math.min(...ends);
  return to !== null && to <= from ? null : { from, to };
}

function registrations(premises: DemoPremises): Registration[] {
  const rows: Registration[] = [];
  const add = (mpxn: string, role: string, spans: readonly Span[]): void => {
    for (const span of spans) rows.push({ mpxn, role, ...span });
  };
  const { mpan, mprn, suppliers, networkOperators } = premises;
  add(mpan, 'IS', suppliers.electricity);
  add(mpan, 'ED', networkOperators.electricity);
  add(mpan, 'RSA', agentSpans(suppliers.electricity));
  if (premises.exportSupplier) add(mpan, 'ES', [premises.exportSupplier]);
  if (mprn !== null) {
    add(mprn, 'GS', suppliers.gas);
    add(mprn, 'GT', networkOperators.gas);
    add(mprn, 'RSA', agentSpans(suppliers.gas));
  }
  return rows;
}

/** The trust-anchor cells the demo models, per device type. */
const ANCHORS: Readonly<Record<string, readonly CredentialAnchor[]>> = {
  ESME: ['supplier', 'network-operator', 'access-control-broker'],
  GSME: ['supplier', 'network-operator', 'access-control-broker'],
  HCALCS: ['supplier', 'access-control-broker'],
  CHF: ['access-control-broker', 'wan-provider'],
  GPF: ['access-control-broker', 'wan-provider'],
};

function credentials(premises: DemoPremises): Credential[] {
  const rows: Credential[] = [];
  for (const device of premises.devices) {
    for (const anchor of ANCHORS[device.deviceType] ?? []) {
      for (const span of anchorSpans(premises, device, anchor)) {
        const life = intersect(span, device);
        if (life === null) continue;
        rows.push({
          deviceId: device.deviceId,
          anchor,
          partyId: span.partyId,
          ...life,
        });
      }
    }
  }
  return rows;
}

/** Who holds an anchor over time, before clipping to the device's life. */
function anchorSpans(
  premises: DemoPremises,
  device: DemoDevice,
  anchor: CredentialAnchor,
): readonly Span[] {
  const fuel = meterFuel(device) ?? 'electricity';
  if (anchor === 'supplier') return credentialSupplierSpans(premises, fuel);
  if (anchor === 'network-operator') return premises.networkOperators[fuel];
  return [{ partyId: DCC_PARTY, from: device.from, to: null }];
}

/**
 * The supplier cell changes hands when the gaining supplier's 6.23
 * succeeds, a few hours after the registration changes at midnight.
 */
export function credentialSupplierSpans(
  premises: DemoPremises,
  fuel: Fuel,
): Span[] {
  const changes = premises.changesOfSupplier.filter((c) => c.fuel === fuel);
  return premises.suppliers[fuel].map((span, i) => ({
    partyId: span.partyId,
    from:
      i === 0 ? span.from : (changes[i - 1]?.credentialSwitchAt ?? span.from),
    to: span.to === null ? null : (changes[i]?.credentialSwitchAt ?? span.to),
  }));
}
