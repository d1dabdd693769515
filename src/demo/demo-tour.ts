/**
 * The guided tour: named cases of the demo world worth opening, each with
 * the Device ID, its MPxN and the party to view it as. The first premises
 * of every world are scripted for these cases (see demo-premises.ts), so
 * the tour exists at any scale and any seed.
 *
 * @example
 * const [first] = tour(createWorld({ premises: 60 }));
 * first.id; // 'change-of-supplier'
 * first.viewAs; // 'HEARTH', the gaining supplier
 */
import { formatEui64 } from '../domain/eui64.ts';
import { isoOf } from './demo-calendar.ts';
import { demoParty } from './demo-parties.ts';
import {
  type DemoDevice,
  type DemoPremises,
  generatePremises,
  SHOWCASE_KINDS,
  type ShowcaseKind,
} from './demo-premises.ts';
import type { DemoWorld } from './demo-world.ts';

/** One case of the tour. */
export interface TourCase {
  readonly id: ShowcaseKind;
  readonly title: string;
  /** What to look at, and what the viewer should find. */
  readonly description: string;
  /** DUIS form, e.g. `D0-5A-10-10-00-00-00-00`. */
  readonly deviceId: string;
  readonly deviceType: string;
  /** The MPxN the device serves (the MPAN for a hub). */
  readonly mpxn: string;
  /** The premises' other MPxN (its MPRN), if any. */
  readonly otherMpxn: string | null;
  /** The party to view the case as. */
  readonly viewAs: string;
  /** The role in which that party relates to the device. */
  readonly viewAsRole: string;
  /** Another party that sees the device, if any. */
  readonly alsoViewAs: string | null;
  /** The party that lost the device, if the case has one. */
  readonly losingParty: string | null;
  /** When the case's event happened (ISO), if it has one. */
  readonly eventAt: string | null;
}

/** The tour of a world (cases for the premises it has). */
export function tour(world: DemoWorld): TourCase[] {
  const cases: TourCase[] = [];
  SHOWCASE_KINDS.forEach((kind, index) => {
    if (index >= world.premises) return;
    cases.push(CASES[kind](generatePremises(world.window, index)));
  });
  return cases;
}

/** The tour as text for a terminal. */
export function formatTour(cases: readonly TourCase[]): string {
  return cases
    .map((c, i) => {
      const lines = [
        `${i + 1}. ${c.title}`,
        `   device ${c.deviceId} (${c.deviceType}), MPxN ${c.mpxn}` +
          (c.otherMpxn === null ? '' : ` and ${c.otherMpxn}`),
        `   view as ${c.viewAs} (${demoParty(c.viewAs).name}, ${c.viewAsRole})` +
          (c.alsoViewAs === null ? '' : `, or as ${c.alsoViewAs}`),
      ];
      if (c.losingParty !== null) {
        lines.push(
          `   compare with ${c.losingParty} (${demoParty(c.losingParty).name})`,
        );
      }
      lines.push(`   ${c.description}`);
      return lines.join('\n');
    })
    .join('\n\n');
}

type CaseMaker = (premises: DemoPremises) => TourCase;

const CASES: Readonly<Record<ShowcaseKind, CaseMaker>> = {
  'change-of-supplier': (premises) => {
    const change = premises.changesOfSupplier[0];
    const losing = change?.losing ?? null;
    return {
      ...base(premises, 'change-of-supplier', meter(premises, 'ESME')),
      title: 'A Change of Supplier with pending commands from the old supplier',
      description:
        `The gaining supplier sees every record, including the losing ` +
        `supplier's tariff and price updates with their prices withheld, ` +
        `and future-dated commands the old supplier left pending. The ` +
        `losing supplier now sees only its own traffic.`,
      viewAs: change?.gaining ?? 'HEARTH',
      viewAsRole: 'IS',
      losingParty: losing,
      eventAt: change === undefined ? null : isoOf(change.at),
    };
  },
  'dual-fuel-hub': (premises) => ({
    ...base(premises, 'dual-fuel-hub', meter(premises, 'CHF')),
    title: 'A dual-fuel communications hub with two Responsible Suppliers',
    description:
      `The hub (CHF) serves an electricity meter and a gas meter supplied ` +
      `by different parties: each sees all of the hub's traffic, the ` +
      `other's with its confidential payload withheld.`,
    viewAs: premises.suppliers.electricity[0]?.partyId ?? 'VOLTAS',
    viewAsRole: 'IS',
    alsoViewAs: premises.suppliers.gas[0]?.partyId ?? null,
  }),
  'network-operator-change': (premises) => {
    const change = premises.networkChanges[0];
    return {
      ...base(premises, 'network-operator-change', meter(premises, 'ESME')),
      title: 'A Network Operator change (an independent network adopts it)',
      description:
        `The old distributor installed the new one's certificate with a ` +
        `future-dated 6.15.1. The new Network Operator sees the meter's ` +
        `whole history; the old one keeps only its own traffic.`,
      viewAs: change?.gaining ?? 'INDNET',
      viewAsRole: 'ED',
      losingParty: change?.losing ?? null,
      eventAt: change === undefined ? null : isoOf(change.at),
    };
  },
  'other-user': (premises) => {
    const consent = premises.consents[0];
    return {
      ...base(premises, 'other-user', meter(premises, 'ESME')),
      title: 'An Other User reading consumption under consent',
      description:
        `The energy-services app sees only its own requests (consumption ` +
        `reads, its CAD join); the Responsible Supplier sees them too, ` +
        `withheld.`,
      viewAs: consent?.partyId ?? 'HOMEIQ',
      viewAsRole: 'OU',
      alsoViewAs: premises.suppliers.electricity[0]?.partyId ?? null,
      eventAt: consent === undefined ? null : isoOf(consent.from),
    };
  },
  'meter-exchange': (premises) => {
    const swap = premises.swaps[0];
    return {
      ...base(
        premises,
        'meter-exchange',
        swap?.installed ?? meter(premises, 'ESME'),
      ),
      title: 'A meter exchange',
      description:
        `The old meter was decommissioned and a new one commissioned and ` +
        `joined to the hub and the in-home display; the installation view ` +
        `shows both meters on one timeline.`,
      viewAs: premises.suppliers.electricity[0]?.partyId ?? 'HEARTH',
      viewAsRole: 'IS',
      eventAt: swap === undefined ? null : isoOf(swap.at),
    };
  },
  'smets1-meter': (premises) => ({
    ...base(premises, 'smets1-meter', meter(premises, 'ESME')),
    title: 'A SMETS1 meter: no credential data',
    description:
      `Nothing is known of the device's certificates, so the registered ` +
      `distributor stands in as its Network Operator.`,
    viewAs: premises.networkOperators.electricity[0]?.partyId ?? 'MIDLEC',
    viewAsRole: 'ED',
    alsoViewAs: premises.suppliers.electricity[0]?.partyId ?? null,
  }),
};

function base(
  premises: DemoPremises,
  id: ShowcaseKind,
  device: DemoDevice,
): Omit<TourCase, 'title' | 'description' | 'viewAs' | 'viewAsRole'> {
  return {
    id,
    deviceId: formatEui64(device.deviceId),
    deviceType: device.deviceType,
    mpxn:
      device.deviceType === 'GSME'
        ? (premises.mprn ?? premises.mpan)
        : premises.mpan,
    otherMpxn: device.deviceType === 'GSME' ? premises.mpan : premises.mprn,
    alsoViewAs: null,
    losingParty: null,
    eventAt: null,
  };
}

/** The first device of a type at a premises (scripted premises have one). */
function meter(premises: DemoPremises, deviceType: string): DemoDevice {
  const device = premises.devices.find((d) => d.deviceType === deviceType);
  if (device === undefined) {
    throw new RangeError(`premises ${premises.index} has no ${deviceType}`);
  }
  return device;
}
