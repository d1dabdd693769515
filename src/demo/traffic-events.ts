/**
 * The work that events bring to a premises: quarterly tariff and price
 * updates, a Change of Supplier (the gaining supplier's 6.23 and first
 * commands, the losing supplier's leftovers), a Change of Tenancy, a
 * Network Operator change through 6.15.1, a meter exchange, a new
 * install, an Other User's consent, a supplier's firmware campaign; and
 * the Device and DCC Alerts of power outages.
 */
import { DAY, HOUR, midnightOf, quarterStarts } from './demo-calendar.ts';
import { DEMO_PARTIES } from './demo-parties.ts';
import type {
  DemoDevice,
  DemoPremises,
  HistoryWindow,
  Fuel,
} from './demo-premises.ts';
import { SeededRandom } from './seeded-random.ts';
import {
  aliveAt,
  type Sender,
  senderOf,
  spanAt,
  type TrafficPlanner,
} from './traffic-planner.ts';

/** Share of meters that get each quarter's tariff or price change. */
const TARIFF_UPDATE_SHARE = 0.28;

/** Plans the traffic of every event of the premises. */
export function planEvents(p: TrafficPlanner): void {
  planTariffUpdates(p);
  for (const change of p.premises.changesOfSupplier) {
    planChangeOfSupplier(p, change);
  }
  for (const at of p.premises.changesOfTenancy) planTenancy(p, at);
  for (const change of p.premises.networkChanges) {
    planNetworkChange(p, change);
  }
  for (const swap of p.premises.swaps) {
    planMeterExchange(p, swap.removed, swap.installed, swap.at);
  }
  if (p.premises.installedAt >= p.window.start) planInstall(p);
  for (const consent of p.premises.consents) planConsent(p, consent);
  planFirmware(p);
  if (p.premises.showcase === 'dual-fuel-hub') planHubShowcase(p);
}

/** Both suppliers of the tour's dual-fuel hub read its log lately. */
function planHubShowcase(p: TrafficPlanner): void {
  for (const fuel of p.fuels()) {
    const at = p.dayTime(p.window.today - p.days(10, 40));
    const sender = p.supplierAt(fuel, at);
    const hub = p.deviceAt('CHF', at);
    if (sender !== undefined && hub !== undefined) {
      p.request('8.9', sender, hub, at);
    }
  }
}

/**
 * Quarterly price-cap changes: suppliers send the new tariff (1.1.1) or
 * new prices (1.2.1) days ahead, future-dated to the quarter's first
 * day. Sent before a Change of Supplier, they become leftovers.
 */
function planTariffUpdates(p: TrafficPlanner): void {
  const { start, today } = p.window;
  for (const quarter of quarterStarts(start + 20 * DAY, today + 45 * DAY)) {
    for (const fuel of p.fuels()) {
      if (!p.random.chance(TARIFF_UPDATE_SHARE)) continue;
      const at = p.dayTime(quarter - p.random.int(5, 25) * DAY);
      p.futureDated(tariffSrv(p), fuel, at, quarter);
    }
  }
}

function tariffSrv(p: TrafficPlanner): string {
  return p.random.chance(0.6) ? '1.1.1' : '1.2.1';
}

function planChangeOfSupplier(
  p: TrafficPlanner,
  change: DemoPremises['changesOfSupplier'][number],
): void {
  const fuel = change.fuel;
  const role = fuel === 'gas' ? 'GS' : 'IS';
  const gaining = senderOf(change.gaining, role);
  const meter = p.meterAt(fuel, change.credentialRequestAt);
  if (meter === undefined) return;
  p.request(
    '6.23',
    gaining,
    meter,
    change.credentialRequestAt,
    {},
    {
      succeedsAt: change.credentialSwitchAt,
    },
  );
  p.request('1.1.1', gaining, meter, p.dayTime(change.at + p.days(1, 4)));
  p.request(
    '4.6.1',
    gaining,
    p.readDevice(fuel, meter, change.at + DAY),
    p.nightTime(change.at + DAY),
    {
      periodFrom: change.at - 30 * DAY,
      periodTo: change.at,
    },
  );
  if (fuel === 'electricity' && p.random.chance(0.5)) {
    p.request('3.4', gaining, meter, p.dayTime(change.at + p.days(2, 6)));
  }
  if (p.premises.prepayment) {
    p.request('2.1', gaining, meter, p.dayTime(change.at + p.days(1, 5)));
  }
  planLeftovers(p, change);
}

/** The losing supplier's future-dated commands that will never run. */
function planLeftovers(
  p: TrafficPlanner,
  change: DemoPremises['changesOfSupplier'][number],
): void {
  const count = p.random.int(1, 2);
  for (let i = 0; i < count; i += 1) {
    const at = p.dayTime(change.at - p.days(2, 20));
    const executionAt = change.at + p.days(1, 40);
    const srv = p.random.pick(
      p.premises.prepayment ? ['1.2.1', '2.1', '1.6'] : ['1.2.1', '1.6'],
    );
    p.futureDated(srv, change.fuel, at, executionAt);
  }
  if (p.premises.showcase === 'change-of-supplier') {
    const at = p.dayTime(change.at - 3 * DAY);
    p.futureDated('1.1.1', change.fuel, at, p.window.today + 25 * DAY);
  }
}

function planTenancy(p: TrafficPlanner, at: number): void {
  for (const fuel of p.fuels()) {
    const sender = p.supplierAt(fuel, at);
    const meter = p.meterAt(fuel, at);
    if (sender === undefined || meter === undefined) continue;
    const sent = p.dayTime(at + p.days(0, 1));
    p.request('3.2', sender, meter, sent, { restrictionAt: at });
    p.request(
      '4.6.1',
      sender,
      p.readDevice(fuel, meter, at + DAY),
      p.nightTime(at + DAY),
      {
        periodFrom: at - 30 * DAY,
        periodTo: at,
      },
    );
    if (p.random.chance(0.2)) {
      const toPrepayment = !p.premises.prepayment;
      p.request('1.6', sender, meter, sent + p.days(1, 3), {
        toPrepayment,
      });
    }
  }
}

/**
 * The losing distributor installs the adopting one's certificate with a
 * 6.15.1 future-dated to the day of the change; the new operator then
 * configures the alerts it wants.
 */
function planNetworkChange(
  p: TrafficPlanner,
  change: DemoPremises['networkChanges'][number],
): void {
  const meter = p.meterAt('electricity', change.requestAt);
  if (meter === undefined) return;
  const losing = senderOf(change.losing, 'ED');
  p.request(
    '6.15.1',
    losing,
    meter,
    change.requestAt,
    {
      remotePartyRole: 'NetworkOperator',
    },
    { executionAt: change.at },
  );
  const gaining = senderOf(change.gaining, 'ED');
  p.request('6.22', gaining, meter, p.dayTime(change.at + p.days(3, 10)));
  p.request('4.10', gaining, meter, p.nightTime(change.at + p.days(5, 15)), {
    periodFrom: change.at - 30 * DAY,
    periodTo: change.at,
  });
}

function planMeterExchange(
  p: TrafficPlanner,
  removed: DemoDevice,
  installed: DemoDevice,
  at: number,
): void {
  const fuel: Fuel = installed.deviceType === 'GSME' ? 'gas' : 'electricity';
  const sender = p.supplierAt(fuel, at);
  if (sender === undefined) return;
  p.nonDevice('12.2', sender, installed, at - p.days(2, 6));
  commission(p, sender, installed, at);
  p.nonDevice('8.3', sender, removed, at + HOUR + p.minutes(0, 50), {
    otherDevice: removed,
  });
}

/** The steps of bringing a new meter onto the HAN. */
function commission(
  p: TrafficPlanner,
  sender: Sender,
  meter: DemoDevice,
  at: number,
): void {
  const chf = p.deviceAt('CHF', at);
  if (chf !== undefined) {
    p.request('8.11', sender, chf, at + p.minutes(2, 10), {
      otherDevice: meter,
      hanRequest: 'Add',
    });
    if (p.random.chance(0.5)) {
      plan8Alert(p, sender, chf, at + p.minutes(11, 14));
    }
  }
  p.request('8.1.1', sender, meter, at + p.minutes(15, 25));
  p.request('6.20.1', sender, meter, at + p.minutes(26, 35));
  const ihd = p.deviceAt('IHD', at);
  if (ihd !== undefined && meter.deviceType === 'ESME') {
    p.request('8.7.2', sender, meter, at + p.minutes(36, 45), {
      otherDevice: ihd,
    });
  }
  const ppmid = p.deviceAt('PPMID', at);
  if (ppmid !== undefined) {
    p.request('8.7.1', sender, meter, at + p.minutes(46, 55), {
      otherDevice: ppmid,
    });
  }
  const agent = DEMO_PARTIES.find((p) => p.partyId === sender.partyId)?.agent;
  if (agent !== undefined) {
    p.request('6.2.7', senderOf(agent, 'RSA'), meter, p.dayTime(at + DAY));
  }
}

/** A new install inside the history: the hub, then each meter. */
function planInstall(p: TrafficPlanner): void {
  const at = p.premises.installedAt;
  const chf = p.deviceAt('CHF', at);
  const sender = p.supplierAt('electricity', at);
  if (chf === undefined || sender === undefined) return;
  p.nonDevice('8.14.1', sender, chf, at + p.minutes(1, 8), {
    otherDevice: chf,
  });
  for (const fuel of p.fuels()) {
    const meter = p.meterAt(fuel, at);
    const supplier = p.supplierAt(fuel, at);
    if (meter !== undefined && supplier !== undefined) {
      commission(p, supplier, meter, at + (fuel === 'gas' ? HOUR : 0));
    }
  }
}

function planConsent(
  p: TrafficPlanner,
  consent: DemoPremises['consents'][number],
): void {
  const ou = senderOf(consent.partyId, 'OU');
  const chf = p.deviceAt('CHF', consent.from);
  const meter = p.meterAt('electricity', consent.from);
  if (chf === undefined || meter === undefined) return;
  const at = consent.from;
  p.request('8.11', ou, chf, at, {
    otherDevice: consent.cad,
    hanRequest: 'Add',
  });
  plan8Alert(p, ou, chf, at + p.minutes(2, 6));
  p.request('8.7.2', ou, meter, at + p.minutes(8, 20), {
    otherDevice: consent.cad,
  });
  p.request('9.1', ou, meter, at + p.minutes(25, 90));
  if (consent.to !== null) {
    const last = p.meterAt('electricity', consent.to - HOUR);
    if (last !== undefined) {
      p.request('8.8.2', ou, last, consent.to - HOUR, {
        otherDevice: consent.cad,
      });
    }
  }
}

/**
 * Each supplier runs one firmware campaign a year on some of its meters:
 * 11.1 distributes the image through the DCC, 11.3 activates it a week
 * later at 02:00.
 */
function planFirmware(p: TrafficPlanner): void {
  for (const span of p.premises.suppliers.electricity) {
    for (const day of campaignDays(p.window, span.partyId)) {
      if (day < span.from || (span.to !== null && day >= span.to)) continue;
      if (p.random.chance(0.25)) planCampaign(p, span.partyId, day);
    }
  }
}

function planCampaign(p: TrafficPlanner, supplier: string, day: number): void {
  const sender = senderOf(supplier, 'IS');
  const at = p.dayTime(day);
  const meter = p.meterAt('electricity', at);
  if (meter === undefined) return;
  p.nonDevice('11.1', sender, meter, at, { otherDevice: meter });
  const activation = midnightOf(at) + 7 * DAY + 2 * HOUR;
  const activatedBy = p.supplierAt('electricity', activation)?.partyId;
  if (activatedBy !== supplier || !aliveAt(meter, activation)) return;
  p.request(
    '11.3',
    sender,
    meter,
    p.dayTime(at + DAY),
    {},
    {
      executionAt: activation,
    },
  );
}

function plan8Alert(
  p: TrafficPlanner,
  recipient: Sender,
  chf: DemoDevice,
  at: number,
): void {
  p.alert('dcc-alert', 'N24', chf, recipient, at);
}

/**
 * Supply restored after an outage (8F35) reaches the Import Supplier;
 * the hub's power-outage DCC Alert (AD1) reaches the distributor.
 */
export function planAlerts(p: TrafficPlanner): void {
  const { start } = p.window;
  const years = (p.end - start) / (365 * DAY);
  const outages = Math.round(years * p.random.between(0, 1.4));
  for (let i = 0; i < outages; i += 1) {
    const at = start + Math.floor(p.random.next() * (p.end - start));
    const meter = p.meterAt('electricity', at);
    const chf = p.deviceAt('CHF', at);
    const supplier = p.supplierAt('electricity', at);
    const distributor = spanAt(p.premises.networkOperators.electricity, at);
    if (meter === undefined || chf === undefined) continue;
    if (distributor !== undefined && p.random.chance(0.6)) {
      const recipient = senderOf(distributor.partyId, 'ED');
      p.alert('dcc-alert', 'AD1', chf, recipient, at, 'PowerOutageEvent');
    }
    if (supplier !== undefined) {
      const restored = at + p.minutes(20, 300);
      p.alert('device-alert', '8F35', meter, supplier, restored);
    }
  }
}

const CAMPAIGN_OFFSETS = new Map<string, number>();

/** The days in the history on which a supplier's yearly campaign starts. */
function campaignDays(window: HistoryWindow, partyId: string): number[] {
  const key = `${window.seed}/firmware/${partyId}`;
  let offset = CAMPAIGN_OFFSETS.get(key);
  if (offset === undefined) {
    offset = new SeededRandom(key).int(0, 364);
    CAMPAIGN_OFFSETS.set(key, offset);
  }
  const first = Math.floor(window.start / DAY);
  const days: number[] = [];
  let day = first + ((((offset - first) % 365) + 365) % 365);
  for (; day * DAY < window.today; day += 365) days.push(day * DAY);
  return days;
}
