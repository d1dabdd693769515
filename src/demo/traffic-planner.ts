/**
 * The planner of one premises' traffic: what a planned request or alert
 * holds, and the planner's shared parts (who supplies what when, which
 * device is installed, times of day, and recording a plan only when it
 * falls inside the history). Routines and events build on it
 * (traffic-routines.ts, traffic-events.ts).
 */
import type { Eui64 } from '../domain/eui64.ts';
import { DAY, HOUR, MINUTE, midnightOf } from './demo-calendar.ts';
import { DCC_ID, userIdOf } from './demo-parties.ts';
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

/** Plans the traffic of one premises; see demo-traffic.ts. */
export class TrafficPlanner {
  readonly random: SeededRandom;
  readonly window: HistoryWindow;
  readonly premises: DemoPremises;
  /** Latest instant a request may start, so its answers land in time. */
  readonly end: number;
  readonly #plans: TrafficPlan[] = [];

  constructor(window: HistoryWindow, premises: DemoPremises) {
    this.window = window;
    this.premises = premises;
    this.random = new SeededRandom(`${window.seed}/traffic/${premises.index}`);
    this.end = window.today - HOUR;
  }

  finish(): TrafficPlan[] {
    return this.#plans.sort((a, b) => a.at - b.at);
  }

  /** The meters of a fuel over the premises' history. */
  meters(fuel: Fuel): DemoDevice[] {
    const type = fuel === 'gas' ? 'GSME' : 'ESME';
    return this.premises.devices.filter((d) => d.deviceType === type);
  }

  hubs(): DemoDevice[] {
    return this.premises.devices.filter((d) => d.deviceType === 'CHF');
  }

  /** Gas reads go to the GPF, which mirrors the battery-powered GSME. */
  gasReadDevices(): DemoDevice[] {
    const gpf = this.premises.devices.filter((d) => d.deviceType === 'GPF');
    return gpf.length > 0 ? gpf : this.meters('gas');
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
    if (at < this.window.start || at >= this.end) return;
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

  alert(
    type: AlertPlan['type'],
    code: string,
    device: DemoDevice,
    recipient: Sender,
    at: number,
    event?: string,
  ): void {
    if (at < this.window.start || at >= this.end) return;
    this.#plans.push({
      type,
      code,
      at,
      device,
      recipient,
      ...(event === undefined ? {} : { event }),
    });
  }

  /** The supplier of a fuel at an instant, as a sender. */
  supplierAt(fuel: Fuel, at: number): Sender | undefined {
    const span = spanAt(this.premises.suppliers[fuel], at);
    if (span === undefined) return undefined;
    return senderOf(span.partyId, fuel === 'gas' ? 'GS' : 'IS');
  }

  /** The meter of a fuel installed at an instant. */
  meterAt(fuel: Fuel, at: number): DemoDevice | undefined {
    return this.meters(fuel).find((device) => aliveAt(device, at));
  }

  deviceAt(deviceType: string, at: number): DemoDevice | undefined {
    return this.premises.devices.find(
      (device) => device.deviceType === deviceType && aliveAt(device, at),
    );
  }

  /** Whether a fuel changes supplier in (from, to]. */
  changesSupplier(fuel: Fuel, from: number, to: number): boolean {
    return this.premises.changesOfSupplier.some(
      (change) => change.fuel === fuel && change.at > from && change.at <= to,
    );
  }

  fuels(): Fuel[] {
    return this.premises.dualFuel ? ['electricity', 'gas'] : ['electricity'];
  }

  /** The device that answers a fuel's reads at an instant. */
  readDevice(fuel: Fuel, meter: DemoDevice, at: number): DemoDevice {
    if (fuel === 'electricity') return meter;
    return this.gasReadDevices().find((d) => aliveAt(d, at)) ?? meter;
  }

  /** A future-dated critical command by the fuel's supplier at `at`. */
  futureDated(srv: string, fuel: Fuel, at: number, executionAt: number): void {
    const sender = this.supplierAt(fuel, at);
    const meter = this.meterAt(fuel, at);
    if (sender === undefined || meter === undefined) return;
    if (!aliveAt(meter, executionAt) && executionAt < this.window.today) return;
    const leftover = this.changesSupplier(fuel, at, executionAt);
    const details =
      srv === '1.6' ? { toPrepayment: !this.premises.prepayment } : {};
    this.request(srv, sender, meter, at, details, {
      executionAt,
      leftover,
    });
  }

  days(min: number, max: number): number {
    return this.random.int(min, max) * DAY;
  }

  minutes(min: number, max: number): number {
    return this.random.int(min * 60, max * 60) * 1000 + this.random.int(0, 999);
  }

  dayTime(day: number): number {
    return (
      midnightOf(day) +
      this.random.int(480, 1140) * MINUTE +
      this.random.int(0, 59999)
    );
  }

  nightTime(day: number): number {
    return (
      midnightOf(day) +
      this.random.int(60, 330) * MINUTE +
      this.random.int(0, 59999)
    );
  }
}
