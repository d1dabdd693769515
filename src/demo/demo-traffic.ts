/**
 * What each party sends to the devices of one premises, and when: the
 * rhythm of routine work (billing and profile reads, top-ups, network
 * reads, an Other User's consumption reads) and the work that events
 * bring (quarterly tariff and price updates, a Change of Supplier with its
 * 6.23 and the losing supplier's leftovers, a Change of Tenancy, a
 * Network Operator change through 6.15.1, a meter exchange, a new
 * install, a consent, a firmware campaign), plus Device and DCC Alerts.
 *
 * Every sender holds a role the SRV catalogue allows, and sends only to
 * devices it is responsible for at that moment (an Other User only under
 * consent). The plan says nothing about outcomes: the message composer
 * decides acknowledgements, responses and errors.
 */
import type { Eui64 } from '../domain/eui64.ts';
import {
  DAY,
  HOUR,
  MINUTE,
  midnightOf,
  quarterStarts,
} from './demo-calendar.ts';
import { DCC_ID, DEMO_PARTIES, userIdOf } from './demo-parties.ts';
import type {
  DemoDevice,
  DemoPremises,
  Fuel,
  HistoryWindow,
  Span,
} from './demo-premises.ts';
import { SeededRandom } from './seeded-random.ts';

/** The DCC User a message is from or for. */
export interface Sender {
  readonly partyId: string;
  readonly role: string;
  readonly userId: Eui64;
}

/** Facts a request body is written from (the value source reads them). */
export interface RequestDetails {
  /** Another device named in the body (joined, added, removed). */
  readonly otherDevice?: DemoDevice;
  /** A read's log period. */
  readonly periodFrom?: number;
  readonly periodTo?: number;
  /** The Change of Tenancy date of a 3.2. */
  readonly restrictionAt?: number;
  /** The remote party role of a 6.15.1. */
  readonly remotePartyRole?: 'Supplier' | 'NetworkOperator';
  /** 1.6: switch to prepayment (true) or to credit. */
  readonly toPrepayment?: boolean;
  /** 8.11: add or remove the other device. */
  readonly hanRequest?: 'Add' | 'Remove';
}

/** One Service Request thread to plan. */
export interface RequestPlan {
  readonly type: 'request';
  readonly srv: string;
  readonly sender: Sender;
  /** The Request ID's target: the device, or the DCC for non-device SRVs. */
  readonly target: Eui64;
  /** The device acted on (for non-device SRVs, the one the body names). */
  readonly device: DemoDevice;
  readonly at: number;
  readonly executionAt: number | null;
  /** Future-dated by a supplier that lost the premises before it ran:
   * the device accepted it, and no execution alert ever follows. */
  readonly leftover: boolean;
  /** When set, the device's response arrives then and succeeds (6.23,
   * whose success moves the supplier cell at a known instant). */
  readonly succeedsAt?: number;
  readonly details: RequestDetails;
}

/** A Device Alert or a DCC Alert to plan. */
export interface AlertPlan {
  readonly type: 'device-alert' | 'dcc-alert';
  readonly code: string;
  readonly at: number;
  readonly device: DemoDevice;
  readonly recipient: Sender;
  /** The DCC Alert's event element, e.g. PowerOutageEvent. */
  readonly event?: string;
}

export type TrafficPlan = RequestPlan | AlertPlan;

/** Plans the traffic of one premises, in time order. */
export function planTraffic(
  window: HistoryWindow,
  premises: DemoPremises,
): TrafficPlan[] {
  const planner = new Planner(window, premises);
  planner.planRoutines();
  planner.planEvents();
  planner.planAlerts();
  return planner.finish();
}

/** The User a party uses in a role. */
export function senderOf(partyId: string, role: string): Sender {
  return { partyId, role, userId: userIdOf(partyId, role) };
}

/** The span in force at an instant. */
export function spanAt(spans: readonly Span[], at: number): Span | undefined {
  return spans.find(
    (span) => span.from <= at && (span.to === null || at < span.to),
  );
}

/** Whether a device is installed at an instant. */
export function aliveAt(device: DemoDevice, at: number): boolean {
  return device.from <= at && (device.to === null || at < device.to);
}

/** A routine: one SRV sent every so many days over a span. */
interface Routine {
  readonly srv: string;
  readonly everyDays: number;
  /** Reads run in the night's batch window; the rest by day. */
  readonly night: boolean;
  readonly period?: number;
}

const SUPPLIER_ROUTINES: Readonly<Record<Fuel, readonly Routine[]>> = {
  electricity: [
    { srv: '4.6.1', everyDays: 170, night: true, period: 30 },
    { srv: '4.8.1', everyDays: 320, night: true, period: 7 },
  ],
  gas: [{ srv: '4.6.1', everyDays: 200, night: true, period: 30 }],
};

/** Each supplier reads the hub's device log (its HAN whitelist) now and
 * then. */
const HUB_ROUTINES: readonly Routine[] = [
  { srv: '8.9', everyDays: 600, night: false },
];

const PREPAYMENT_ROUTINES: readonly Routine[] = [
  { srv: '2.2', everyDays: 80, night: false },
  { srv: '4.18', everyDays: 200, night: false },
];

const NETWORK_ROUTINES: readonly Routine[] = [
  { srv: '4.10', everyDays: 500, night: true, period: 30 },
];

const CONSENT_ROUTINES: readonly Routine[] = [
  { srv: '4.17', everyDays: 35, night: true, period: 30 },
  { srv: '4.8.1', everyDays: 140, night: true, period: 7 },
];

/** Share of meters that get each quarter's tariff or price change. */
const TARIFF_UPDATE_SHARE = 0.28;

class Planner {
  readonly #plans: TrafficPlan[] = [];
  readonly #random: SeededRandom;
  readonly #window: HistoryWindow;
  readonly #premises: DemoPremises;
  /** Latest instant a request may start, so its answers land in time. */
  readonly #end: number;

  constructor(window: HistoryWindow, premises: DemoPremises) {
    this.#window = window;
    this.#premises = premises;
    this.#random = new SeededRandom(`${window.seed}/traffic/${premises.index}`);
    this.#end = window.today - HOUR;
  }

  finish(): TrafficPlan[] {
    return this.#plans.sort((a, b) => a.at - b.at);
  }

  planRoutines(): void {
    const premises = this.#premises;
    for (const fuel of ['electricity', 'gas'] as const) {
      const role = fuel === 'gas' ? 'GS' : 'IS';
      for (const span of premises.suppliers[fuel]) {
        const sender = (): Sender => senderOf(span.partyId, role);
        const reader =
          fuel === 'gas' ? this.gasReadDevices() : this.meters(fuel);
        this.routines(SUPPLIER_ROUTINES[fuel], span, reader, sender);
        this.routines(HUB_ROUTINES, span, this.hubs(), sender);
        if (premises.prepayment) {
          this.routines(PREPAYMENT_ROUTINES, span, this.meters(fuel), sender);
        }
      }
      const networkRole = fuel === 'gas' ? 'GT' : 'ED';
      for (const span of premises.networkOperators[fuel]) {
        const sender = (): Sender => senderOf(span.partyId, networkRole);
        this.routines(NETWORK_ROUTINES, span, this.meters(fuel), sender);
      }
    }
    this.planAgentAndExportRoutines();
    for (const consent of premises.consents) {
      const sender = (): Sender => senderOf(consent.partyId, 'OU');
      this.routines(
        CONSENT_ROUTINES,
        consent,
        this.meters('electricity'),
        sender,
      );
    }
  }

  planAgentAndExportRoutines(): void {
    const premises = this.#premises;
    const exporter = premises.exportSupplier;
    if (exporter !== null) {
      const routine = { srv: '4.6.2', everyDays: 95, night: true, period: 30 };
      this.routines([routine], exporter, this.meters('electricity'), () =>
        senderOf(exporter.partyId, 'ES'),
      );
    }
    for (const span of premises.suppliers.electricity) {
      const agent = DEMO_PARTIES.find((p) => p.partyId === span.partyId)?.agent;
      if (agent === undefined) continue;
      const routine = { srv: '11.2', everyDays: 730, night: false };
      this.routines([routine], span, this.meters('electricity'), () =>
        senderOf(agent, 'RSA'),
      );
    }
  }

  /** The meters of a fuel over the premises' history. */
  meters(fuel: Fuel): DemoDevice[] {
    const type = fuel === 'gas' ? 'GSME' : 'ESME';
    return this.#premises.devices.filter((d) => d.deviceType === type);
  }

  hubs(): DemoDevice[] {
    return this.#premises.devices.filter((d) => d.deviceType === 'CHF');
  }

  /** Gas reads go to the GPF, which mirrors the battery-powered GSME. */
  gasReadDevices(): DemoDevice[] {
    const gpf = this.#premises.devices.filter((d) => d.deviceType === 'GPF');
    return gpf.length > 0 ? gpf : this.meters('gas');
  }

  routines(
    routines: readonly Routine[],
    span: { from: number; to: number | null },
    devices: readonly DemoDevice[],
    sender: () => Sender,
  ): void {
    for (const device of devices) {
      const from = Math.max(span.from, device.from, this.#window.start);
      const to = Math.min(
        span.to ?? this.#end,
        device.to ?? this.#end,
        this.#end,
      );
      for (const routine of routines) {
        this.repeat(routine, from, to, (at) => {
          this.request(routine.srv, sender(), device, at, {
            ...this.period(routine, at),
          });
        });
      }
    }
  }

  repeat(
    routine: Routine,
    from: number,
    to: number,
    emit: (at: number) => void,
  ): void {
    const random = this.#random;
    const every = routine.everyDays * DAY;
    for (let t = from + random.next() * every; t < to;) {
      const at = routine.night
        ? midnightOf(t) + random.int(60, 330) * MINUTE + random.int(0, 59999)
        : midnightOf(t) + random.int(480, 1260) * MINUTE + random.int(0, 59999);
      if (at >= from && at < to) emit(at);
      t += every * random.between(0.6, 1.4);
    }
  }

  period(routine: Routine, at: number): RequestDetails {
    if (routine.period === undefined) return {};
    const periodTo = midnightOf(at);
    return { periodFrom: periodTo - routine.period * DAY, periodTo };
  }

  /** Plans one request if its time is inside the history. */
  request(
    srv: string,
    sender: Sender,
    device: DemoDevice,
    at: number,
    details: RequestDetails = {},
    options: Partial<
      Pick<RequestPlan, 'executionAt' | 'leftover' | 'succeedsAt' | 'target'>
    > = {},
  ): void {
    if (at < this.#window.start || at >= this.#end) return;
    this.#plans.push({
      type: 'request',
      srv,
      sender,
      target: options.target ?? device.deviceId,
      device,
      at,
      executionAt: options.executionAt ?? null,
      leftover: options.leftover ?? false,
      ...(options.succeedsAt === undefined
        ? {}
        : { succeedsAt: options.succeedsAt }),
      details,
    });
  }

  /** A non-device request (CV 8): addressed to the DCC about a device. */
  nonDevice(
    srv: string,
    sender: Sender,
    device: DemoDevice,
    at: number,
    details: RequestDetails = {},
  ): void {
    this.request(srv, sender, device, at, details, { target: DCC_ID });
  }

  planEvents(): void {
    this.planTariffUpdates();
    for (const change of this.#premises.changesOfSupplier) {
      this.planChangeOfSupplier(change);
    }
    for (const at of this.#premises.changesOfTenancy) this.planTenancy(at);
    for (const change of this.#premises.networkChanges) {
      this.planNetworkChange(change);
    }
    for (const swap of this.#premises.swaps) {
      this.planMeterExchange(swap.removed, swap.installed, swap.at);
    }
    if (this.#premises.installedAt >= this.#window.start) this.planInstall();
    for (const consent of this.#premises.consents) this.planConsent(consent);
    this.planFirmware();
    if (this.#premises.showcase === 'dual-fuel-hub') this.planHubShowcase();
  }

  /** Both suppliers of the tour's dual-fuel hub read its log lately. */
  planHubShowcase(): void {
    for (const fuel of this.fuels()) {
      const at = this.dayTime(this.#window.today - this.days(10, 40));
      const sender = this.supplierAt(fuel, at);
      const hub = this.deviceAt('CHF', at);
      if (sender !== undefined && hub !== undefined) {
        this.request('8.9', sender, hub, at);
      }
    }
  }

  /** The supplier of a fuel at an instant, as a sender. */
  supplierAt(fuel: Fuel, at: number): Sender | undefined {
    const span = spanAt(this.#premises.suppliers[fuel], at);
    if (span === undefined) return undefined;
    return senderOf(span.partyId, fuel === 'gas' ? 'GS' : 'IS');
  }

  /** The meter of a fuel installed at an instant. */
  meterAt(fuel: Fuel, at: number): DemoDevice | undefined {
    return this.meters(fuel).find((device) => aliveAt(device, at));
  }

  deviceAt(deviceType: string, at: number): DemoDevice | undefined {
    return this.#premises.devices.find(
      (device) => device.deviceType === deviceType && aliveAt(device, at),
    );
  }

  /** Whether a fuel changes supplier in (from, to]. */
  changesSupplier(fuel: Fuel, from: number, to: number): boolean {
    return this.#premises.changesOfSupplier.some(
      (change) => change.fuel === fuel && change.at > from && change.at <= to,
    );
  }

  /**
   * Quarterly price-cap changes: suppliers send the new tariff (1.1.1) or
   * new prices (1.2.1) days ahead, future-dated to the quarter's first
   * day. Sent before a Change of Supplier, they become leftovers.
   */
  planTariffUpdates(): void {
    const { start, today } = this.#window;
    for (const quarter of quarterStarts(start + 20 * DAY, today + 45 * DAY)) {
      for (const fuel of this.fuels()) {
        if (!this.#random.chance(TARIFF_UPDATE_SHARE)) continue;
        const at = this.dayTime(quarter - this.#random.int(5, 25) * DAY);
        this.futureDated(this.tariffSrv(), fuel, at, quarter);
      }
    }
  }

  fuels(): Fuel[] {
    return this.#premises.dualFuel ? ['electricity', 'gas'] : ['electricity'];
  }

  tariffSrv(): string {
    return this.#random.chance(0.6) ? '1.1.1' : '1.2.1';
  }

  /** A future-dated critical command by the fuel's supplier at `at`. */
  futureDated(srv: string, fuel: Fuel, at: number, executionAt: number): void {
    const sender = this.supplierAt(fuel, at);
    const meter = this.meterAt(fuel, at);
    if (sender === undefined || meter === undefined) return;
    if (!aliveAt(meter, executionAt) && executionAt < this.#window.today)
      return;
    const leftover = this.changesSupplier(fuel, at, executionAt);
    const details =
      srv === '1.6' ? { toPrepayment: !this.#premises.prepayment } : {};
    this.request(srv, sender, meter, at, details, {
      executionAt,
      leftover,
    });
  }

  planChangeOfSupplier(
    change: DemoPremises['changesOfSupplier'][number],
  ): void {
    const fuel = change.fuel;
    const role = fuel === 'gas' ? 'GS' : 'IS';
    const gaining = senderOf(change.gaining, role);
    const meter = this.meterAt(fuel, change.credentialRequestAt);
    if (meter === undefined) return;
    this.request(
      '6.23',
      gaining,
      meter,
      change.credentialRequestAt,
      {},
      {
        succeedsAt: change.credentialSwitchAt,
      },
    );
    this.request(
      '1.1.1',
      gaining,
      meter,
      this.dayTime(change.at + this.days(1, 4)),
    );
    this.request(
      '4.6.1',
      gaining,
      this.readDevice(fuel, meter, change.at + DAY),
      this.nightTime(change.at + DAY),
      {
        periodFrom: change.at - 30 * DAY,
        periodTo: change.at,
      },
    );
    if (fuel === 'electricity' && this.#random.chance(0.5)) {
      this.request(
        '3.4',
        gaining,
        meter,
        this.dayTime(change.at + this.days(2, 6)),
      );
    }
    if (this.#premises.prepayment) {
      this.request(
        '2.1',
        gaining,
        meter,
        this.dayTime(change.at + this.days(1, 5)),
      );
    }
    this.planLeftovers(change);
  }

  /** The losing supplier's future-dated commands that will never run. */
  planLeftovers(change: DemoPremises['changesOfSupplier'][number]): void {
    const count = this.#random.int(1, 2);
    for (let i = 0; i < count; i += 1) {
      const at = this.dayTime(change.at - this.days(2, 20));
      const executionAt = change.at + this.days(1, 40);
      const srv = this.#random.pick(
        this.#premises.prepayment ? ['1.2.1', '2.1', '1.6'] : ['1.2.1', '1.6'],
      );
      this.futureDated(srv, change.fuel, at, executionAt);
    }
    if (this.#premises.showcase === 'change-of-supplier') {
      const at = this.dayTime(change.at - 3 * DAY);
      this.futureDated('1.1.1', change.fuel, at, this.#window.today + 25 * DAY);
    }
  }

  planTenancy(at: number): void {
    for (const fuel of this.fuels()) {
      const sender = this.supplierAt(fuel, at);
      const meter = this.meterAt(fuel, at);
      if (sender === undefined || meter === undefined) continue;
      const sent = this.dayTime(at + this.days(0, 1));
      this.request('3.2', sender, meter, sent, { restrictionAt: at });
      this.request(
        '4.6.1',
        sender,
        this.readDevice(fuel, meter, at + DAY),
        this.nightTime(at + DAY),
        {
          periodFrom: at - 30 * DAY,
          periodTo: at,
        },
      );
      if (this.#random.chance(0.2)) {
        const toPrepayment = !this.#premises.prepayment;
        this.request('1.6', sender, meter, sent + this.days(1, 3), {
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
  planNetworkChange(change: DemoPremises['networkChanges'][number]): void {
    const meter = this.meterAt('electricity', change.requestAt);
    if (meter === undefined) return;
    const losing = senderOf(change.losing, 'ED');
    this.request(
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
    this.request(
      '6.22',
      gaining,
      meter,
      this.dayTime(change.at + this.days(3, 10)),
    );
    this.request(
      '4.10',
      gaining,
      meter,
      this.nightTime(change.at + this.days(5, 15)),
      {
        periodFrom: change.at - 30 * DAY,
        periodTo: change.at,
      },
    );
  }

  /** The device that answers a fuel's reads at an instant. */
  readDevice(fuel: Fuel, meter: DemoDevice, at: number): DemoDevice {
    if (fuel === 'electricity') return meter;
    return this.gasReadDevices().find((d) => aliveAt(d, at)) ?? meter;
  }

  planMeterExchange(
    removed: DemoDevice,
    installed: DemoDevice,
    at: number,
  ): void {
    const fuel: Fuel = installed.deviceType === 'GSME' ? 'gas' : 'electricity';
    const sender = this.supplierAt(fuel, at);
    if (sender === undefined) return;
    this.nonDevice('12.2', sender, installed, at - this.days(2, 6));
    this.commission(sender, installed, at);
    this.nonDevice('8.3', sender, removed, at + HOUR + this.minutes(0, 50), {
      otherDevice: removed,
    });
  }

  /** The steps of bringing a new meter onto the HAN. */
  commission(sender: Sender, meter: DemoDevice, at: number): void {
    const chf = this.deviceAt('CHF', at);
    if (chf !== undefined) {
      this.request('8.11', sender, chf, at + this.minutes(2, 10), {
        otherDevice: meter,
        hanRequest: 'Add',
      });
      if (this.#random.chance(0.5)) {
        this.plan8Alert(sender, chf, at + this.minutes(11, 14));
      }
    }
    this.request('8.1.1', sender, meter, at + this.minutes(15, 25));
    this.request('6.20.1', sender, meter, at + this.minutes(26, 35));
    const ihd = this.deviceAt('IHD', at);
    if (ihd !== undefined && meter.deviceType === 'ESME') {
      this.request('8.7.2', sender, meter, at + this.minutes(36, 45), {
        otherDevice: ihd,
      });
    }
    const ppmid = this.deviceAt('PPMID', at);
    if (ppmid !== undefined) {
      this.request('8.7.1', sender, meter, at + this.minutes(46, 55), {
        otherDevice: ppmid,
      });
    }
    const agent = DEMO_PARTIES.find((p) => p.partyId === sender.partyId)?.agent;
    if (agent !== undefined) {
      this.request(
        '6.2.7',
        senderOf(agent, 'RSA'),
        meter,
        this.dayTime(at + DAY),
      );
    }
  }

  /** A new install inside the history: the hub, then each meter. */
  planInstall(): void {
    const at = this.#premises.installedAt;
    const chf = this.deviceAt('CHF', at);
    const sender = this.supplierAt('electricity', at);
    if (chf === undefined || sender === undefined) return;
    this.nonDevice('8.14.1', sender, chf, at + this.minutes(1, 8), {
      otherDevice: chf,
    });
    for (const fuel of this.fuels()) {
      const meter = this.meterAt(fuel, at);
      const supplier = this.supplierAt(fuel, at);
      if (meter !== undefined && supplier !== undefined) {
        this.commission(supplier, meter, at + (fuel === 'gas' ? HOUR : 0));
      }
    }
  }

  planConsent(consent: DemoPremises['consents'][number]): void {
    const ou = senderOf(consent.partyId, 'OU');
    const chf = this.deviceAt('CHF', consent.from);
    const meter = this.meterAt('electricity', consent.from);
    if (chf === undefined || meter === undefined) return;
    const at = consent.from;
    this.request('8.11', ou, chf, at, {
      otherDevice: consent.cad,
      hanRequest: 'Add',
    });
    this.plan8Alert(ou, chf, at + this.minutes(2, 6));
    this.request('8.7.2', ou, meter, at + this.minutes(8, 20), {
      otherDevice: consent.cad,
    });
    this.request('9.1', ou, meter, at + this.minutes(25, 90));
    if (consent.to !== null) {
      const last = this.meterAt('electricity', consent.to - HOUR);
      if (last !== undefined) {
        this.request('8.8.2', ou, last, consent.to - HOUR, {
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
  planFirmware(): void {
    for (const span of this.#premises.suppliers.electricity) {
      for (const day of campaignDays(this.#window, span.partyId)) {
        if (day < span.from || (span.to !== null && day >= span.to)) continue;
        if (this.#random.chance(0.25)) this.planCampaign(span.partyId, day);
      }
    }
  }

  planCampaign(supplier: string, day: number): void {
    const sender = senderOf(supplier, 'IS');
    const at = this.dayTime(day);
    const meter = this.meterAt('electricity', at);
    if (meter === undefined) return;
    this.nonDevice('11.1', sender, meter, at, { otherDevice: meter });
    const activation = midnightOf(at) + 7 * DAY + 2 * HOUR;
    const activatedBy = this.supplierAt('electricity', activation)?.partyId;
    if (activatedBy !== supplier || !aliveAt(meter, activation)) return;
    this.request(
      '11.3',
      sender,
      meter,
      this.dayTime(at + DAY),
      {},
      {
        executionAt: activation,
      },
    );
  }

  plan8Alert(recipient: Sender, chf: DemoDevice, at: number): void {
    this.alert('dcc-alert', 'N24', chf, recipient, at);
  }

  alert(
    type: AlertPlan['type'],
    code: string,
    device: DemoDevice,
    recipient: Sender,
    at: number,
    event?: string,
  ): void {
    if (at < this.#window.start || at >= this.#end) return;
    this.#plans.push({
      type,
      code,
      at,
      device,
      recipient,
      ...(event === undefined ? {} : { event }),
    });
  }

  /**
   * Supply restored after an outage (8F35) reaches the Import Supplier;
   * the hub's power-outage DCC Alert (AD1) reaches the distributor.
   */
  planAlerts(): void {
    const { start } = this.#window;
    const years = (this.#end - start) / (365 * DAY);
    const outages = Math.round(years * this.#random.between(0, 1.4));
    for (let i = 0; i < outages; i += 1) {
      const at = start + Math.floor(this.#random.next() * (this.#end - start));
      const meter = this.meterAt('electricity', at);
      const chf = this.deviceAt('CHF', at);
      const supplier = this.supplierAt('electricity', at);
      const distributor = spanAt(
        this.#premises.networkOperators.electricity,
        at,
      );
      if (meter === undefined || chf === undefined) continue;
      if (distributor !== undefined && this.#random.chance(0.6)) {
        const recipient = senderOf(distributor.partyId, 'ED');
        this.alert('dcc-alert', 'AD1', chf, recipient, at, 'PowerOutageEvent');
      }
      if (supplier !== undefined) {
        const restored = at + this.minutes(20, 300);
        this.alert('device-alert', '8F35', meter, supplier, restored);
      }
    }
  }

  days(min: number, max: number): number {
    return this.#random.int(min, max) * DAY;
  }

  minutes(min: number, max: number): number {
    return (
      this.#random.int(min * 60, max * 60) * 1000 + this.#random.int(0, 999)
    );
  }

  dayTime(day: number): number {
    return (
      midnightOf(day) +
      this.#random.int(480, 1140) * MINUTE +
      this.#random.int(0, 59999)
    );
  }

  nightTime(day: number): number {
    return (
      midnightOf(day) +
      this.#random.int(60, 330) * MINUTE +
      this.#random.int(0, 59999)
    );
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
