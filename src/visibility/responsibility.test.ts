import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Eui64 } from '../domain/eui64.ts';
import type { Device } from '../domain/reference-data.ts';
import {
  type DeviceFacts,
  intersect,
  responsibilityAt,
  responsibilityHistory,
  viewerGrant,
} from './responsibility.ts';

const ESME = '00db120000000001' as Eui64;
const GSME = '00db120000000002' as Eui64;
const CHF = '00db120000000003' as Eui64;
const MPAN = '1200000000001';
const MPRN = '7000001';
const T = (day: number) => Date.UTC(2024, 0, 1) + day * 86_400_000;

const device = (deviceId: Eui64, deviceType: string): Device => ({
  deviceId,
  deviceType,
  smets: 2,
});

/** A dual-fuel CHF: linked to the ESME from day 0, to the GSME from day 10. */
function chfFacts(credentials: DeviceFacts['credentials'] = []): DeviceFacts {
  return {
    device: device(CHF, 'CHF'),
    devices: new Map([
      [CHF, device(CHF, 'CHF')],
      [ESME, device(ESME, 'ESME')],
      [GSME, device(GSME, 'GSME')],
    ]),
    hanLinks: [
      { deviceId: CHF, meterId: ESME, from: T(0), to: null },
      { deviceId: CHF, meterId: GSME, from: T(10), to: null },
    ],
    meterPoints: [
      { deviceId: ESME, mpxn: MPAN, from: T(0), to: null },
      { deviceId: GSME, mpxn: MPRN, from: T(0), to: null },
    ],
    registrations: [
      { mpxn: MPAN, role: 'IS', partyId: 'ELEC', from: T(0), to: T(20) },
      { mpxn: MPAN, role: 'IS', partyId: 'ELEC2', from: T(20), to: null },
      { mpxn: MPAN, role: 'ED', partyId: 'DNO', from: T(0), to: null },
      { mpxn: MPRN, role: 'GS', partyId: 'GAS', from: T(0), to: null },
      { mpxn: MPRN, role: 'GT', partyId: 'GT', from: T(0), to: null },
    ],
    credentials,
  };
}

describe('who is responsible for a device', () => {
  it('gives a dual-fuel CHF two Responsible Suppliers once linked to both meters', () => {
    const parties = (day: number) =>
      responsibilityAt(chfFacts(), T(day))
        .filter((g) => g.basis === 'responsible-supplier')
        .map((g) => g.partyId)
        .sort();
    assert.deepEqual(parties(5), ['ELEC']);
    assert.deepEqual(parties(15), ['ELEC', 'GAS']);
    assert.deepEqual(parties(25), ['ELEC2', 'GAS']);
  });

  it('grants over the intersection of HAN link, meter point and registration', () => {
    const gas = responsibilityHistory(chfFacts()).find(
      (g) => g.partyId === 'GAS',
    );
    assert.deepEqual(gas?.interval, { from: T(10), to: null });
    const elec = responsibilityHistory(chfFacts()).find(
      (g) => g.partyId === 'ELEC',
    );
    assert.deepEqual(elec?.interval, { from: T(0), to: T(20) });
  });

  it('lets the registered ED and GT stand in only where no credential is known', () => {
    const operators = (facts: DeviceFacts) =>
      responsibilityAt(facts, T(15))
        .filter((g) => g.basis === 'network-operator')
        .map((g) => g.partyId)
        .sort();
    assert.deepEqual(operators(chfFacts()), ['DNO', 'GT']);
    const supplierCellOnly = chfFacts([
      {
        deviceId: CHF,
        anchor: 'supplier',
        partyId: 'ELEC',
        from: T(0),
        to: null,
      },
    ]);
    assert.deepEqual(operators(supplierCellOnly), []);
    const withOperator = chfFacts([
      {
        deviceId: CHF,
        anchor: 'network-operator',
        partyId: 'NO9',
        from: T(0),
        to: null,
      },
    ]);
    assert.deepEqual(operators(withOperator), ['NO9']);
  });

  it('prefers the Responsible Supplier basis for a party that is both', () => {
    const facts = chfFacts([
      {
        deviceId: CHF,
        anchor: 'network-operator',
        partyId: 'GAS',
        from: T(0),
        to: null,
      },
    ]);
    assert.equal(
      viewerGrant(facts, 'GAS', T(15))?.basis,
      'responsible-supplier',
    );
    assert.equal(viewerGrant(facts, 'GAS', T(5))?.basis, 'network-operator');
    assert.equal(viewerGrant(facts, 'NOBODY', T(5)), undefined);
  });

  it('intersects half-open intervals, open ends included', () => {
    assert.deepEqual(intersect({ from: 0, to: 10 }, { from: 5, to: null }), {
      from: 5,
      to: 10,
    });
    assert.equal(intersect({ from: 0, to: 5 }, { from: 5, to: null }), null);
    assert.deepEqual(intersect({ from: 0, to: null }, { from: 3, to: null }), {
      from: 3,
      to: null,
    });
  });
});
