/**
 * The rhythm of routine work on a premises: each party repeats its usual
 * Service Requests on the devices it is responsible for, at a jittered
 * cadence, over the spans in which it is responsible. Reads run in the
 * night's batch window, the rest by day. Cadences are sized for about 50
 * SAT records per premises over 400 days.
 */
import { DAY, MINUTE, midnightOf } from './demo-calendar.ts';
import { DEMO_PARTIES } from './demo-parties.ts';
import type { DemoDevice, Fuel } from './demo-premises.ts';
import {
  type RequestDetails,
  type Sender,
  senderOf,
  type TrafficPlanner,
} from './traffic-planner.ts';

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

/** Network reads; a distributor also retunes voltage alarms (6.5) and
 * alert behaviour (6.22) now and then. */
const NETWORK_ROUTINES: Readonly<Record<Fuel, readonly Routine[]>> = {
  electricity: [
    { srv: '4.10', everyDays: 500, night: true, period: 30 },
    { srv: '6.5', everyDays: 1800, night: false },
    { srv: '6.22', everyDays: 2400, night: false },
  ],
  gas: [{ srv: '4.10', everyDays: 500, night: true, period: 30 }],
};

const CONSENT_ROUTINES: readonly Routine[] = [
  { srv: '4.17', everyDays: 35, night: true, period: 30 },
  { srv: '4.8.1', everyDays: 140, night: true, period: 7 },
];

/** Plans every routine of the premises. */
export function planRoutines(p: TrafficPlanner): void {
  const premises = p.premises;
  for (const fuel of ['electricity', 'gas'] as const) {
    const role = fuel === 'gas' ? 'GS' : 'IS';
    for (const span of premises.suppliers[fuel]) {
      const sender = (): Sender => senderOf(span.partyId, role);
      const reader = fuel === 'gas' ? p.gasReadDevices() : p.meters(fuel);
      routines(p, SUPPLIER_ROUTINES[fuel], span, reader, sender);
      routines(p, HUB_ROUTINES, span, p.hubs(), sender);
      if (premises.prepayment) {
        routines(p, PREPAYMENT_ROUTINES, span, p.meters(fuel), sender);
      }
    }
    const networkRole = fuel === 'gas' ? 'GT' : 'ED';
    for (const span of premises.networkOperators[fuel]) {
      const sender = (): Sender => senderOf(span.partyId, networkRole);
      routines(p, NETWORK_ROUTINES[fuel], span, p.meters(fuel), sender);
    }
  }
  planAgentAndExportRoutines(p);
  for (const consent of premises.consents) {
    const sender = (): Sender => senderOf(consent.partyId, 'OU');
    routines(p, CONSENT_ROUTINES, consent, p.meters('electricity'), sender);
  }
}

function planAgentAndExportRoutines(p: TrafficPlanner): void {
  const premises = p.premises;
  const exporter = premises.exportSupplier;
  if (exporter !== null) {
    const routine = { srv: '4.6.2', everyDays: 95, night: true, period: 30 };
    routines(p, [routine], exporter, p.meters('electricity'), () =>
      senderOf(exporter.partyId, 'ES'),
    );
  }
  for (const span of premises.suppliers.electricity) {
    const agent = DEMO_PARTIES.find((p) => p.partyId === span.partyId)?.agent;
    if (agent === undefined) continue;
    const routine = { srv: '11.2', everyDays: 730, night: false };
    routines(p, [routine], span, p.meters('electricity'), () =>
      senderOf(agent, 'RSA'),
    );
  }
}

function routines(
  p: TrafficPlanner,
  routines: readonly Routine[],
  span: { from: number; to: number | null },
  devices: readonly DemoDevice[],
  sender: () => Sender,
): void {
  for (const device of devices) {
    const from = Math.max(span.from, device.from, p.window.start);
    const to = Math.min(span.to ?? p.end, device.to ?? p.end, p.end);
    for (const routine of routines) {
      repeat(p, routine, from, to, (at) => {
        p.request(routine.srv, sender(), device, at, {
          ...period(p, routine, at),
        });
      });
    }
  }
}

function repeat(
  p: TrafficPlanner,
  routine: Routine,
  from: number,
  to: number,
  emit: (at: number) => void,
): void {
  const random = p.random;
  const every = routine.everyDays * DAY;
  for (let t = from + random.next() * every; t < to;) {
    const at = routine.night
      ? midnightOf(t) + random.int(60, 330) * MINUTE + random.int(0, 59999)
      : midnightOf(t) + random.int(480, 1260) * MINUTE + random.int(0, 59999);
    if (at >= from && at < to) emit(at);
    t += every * random.between(0.6, 1.4);
  }
}

function period(
  p: TrafficPlanner,
  routine: Routine,
  at: number,
): RequestDetails {
  if (routine.period === undefined) return {};
  const periodTo = midnightOf(at);
  return { periodFrom: periodTo - routine.period * DAY, periodTo };
}
