/**
 * Leaf values for the demo world's messages. Each leaf gets a value that
 * fits its kind (srv-bodies.json) and the facts of the message: the
 * premises' real MPAN or MPRN, the device joined, the log period read,
 * prices in pence at scale -5, balances in pence, the sender's trading
 * name, display messages a supplier would send. GBCS payloads are opaque
 * frames with a GBCS-like header.
 *
 * With markers on, every leaf that the withholding allowlist does not
 * name holds a marker of the party instead (see demo-markers.ts), except
 * the leaves the reader needs to place a message on its device
 * (DeviceID) or in time (ExecutionDateTime).
 */
import { formatEui64 } from '../domain/eui64.ts';
import { findSrv } from '../domain/srv-catalogue.ts';
import type { ChoiceSource, ValueSource } from '../duis/duis-writer.ts';
import type { LeafKind } from '../duis/srv-bodies.ts';
import { isAllowlisted } from '../visibility/payload-withholding.ts';
import { isoOf } from './demo-calendar.ts';
import type { MarkerMint } from './demo-markers.ts';
import { demoParty } from './demo-parties.ts';
import type { DemoPremises } from './demo-premises.ts';
import { meterFuel } from './demo-reference.ts';
import type { RequestPlan } from './demo-traffic.ts';
import type { SeededRandom } from './seeded-random.ts';

/** What a message's values are drawn from. */
export interface ValueContext {
  readonly random: SeededRandom;
  readonly premises: DemoPremises;
  /** The party whose traffic the message is (markers name it). */
  readonly partyId: string;
  /** Set when markers replace confidential values. */
  readonly mint: MarkerMint | null;
}

/** The value source for a request's body. */
export function requestValues(
  context: ValueContext,
  plan: RequestPlan,
  requestId: string,
): ValueSource {
  const real = (path: string, kind: LeafKind): string =>
    requestLeaf(context, plan, requestId, path, kind);
  return withMarkers(context, plan.srv, real);
}

/** The value source for a DCC Alert's event. */
export function alertValues(
  context: ValueContext,
  at: number,
  deviceId: string,
): ValueSource {
  const real = (path: string, kind: LeafKind): string => {
    if (kind === 'datetime') return isoOf(at);
    if (kind === 'eui64') return formatEui64(deviceId);
    return commonLeaf(context, leafName(path), kind, at);
  };
  return withMarkers(context, null, real);
}

/** Markers in every leaf the allowlist withholds, when markers are on. */
function withMarkers(
  context: ValueContext,
  srv: string | null,
  real: ValueSource,
): ValueSource {
  const { mint } = context;
  if (mint === null) return real;
  return (path, kind) => {
    const name = leafName(path);
    if (name === 'DeviceID' || name === 'ExecutionDateTime') {
      return real(path, kind);
    }
    if (isAllowlisted(srv, path)) return real(path, kind);
    return mint.mint(context.partyId);
  };
}

/** A GBCS payload: a marker, or an opaque frame of about `size` bytes. */
export function gbcsPayload(context: ValueContext, frame: GbcsFrame): string {
  if (context.mint !== null) return context.mint.mint(context.partyId);
  return gbcsFrame(context.random, frame);
}

function leafName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function requestLeaf(
  context: ValueContext,
  plan: RequestPlan,
  requestId: string,
  path: string,
  kind: LeafKind,
): string {
  const name = leafName(path);
  const { details } = plan;
  switch (kind) {
    case 'datetime':
      return isoOf(requestTime(plan, name));
    case 'eui64': {
      const other = name === 'OtherDeviceID' || name === 'DeviceIDList';
      const device = other || name === 'DeviceID' ? details.otherDevice : null;
      return formatEui64((device ?? plan.device).deviceId);
    }
    case 'mpxn':
      return meterFuel(plan.device) === 'gas' && context.premises.mprn
        ? context.premises.mprn
        : context.premises.mpan;
    case 'price':
      return price(context.random, name, path.includes('Gas'));
    case 'request-id':
      return requestId;
    case 'srv':
      return plan.srv;
    case 'service-reference':
      return findSrv(plan.srv)?.serviceReference ?? plan.srv;
    case 'supplier-name':
      return demoParty(plan.sender.partyId).name;
    case 'display-message':
      return displayMessage(context.random, plan.sender.partyId);
    default:
      if (kind.startsWith('enum:')) return enumLeaf(context, plan, name, kind);
      return commonLeaf(context, name, kind, plan.at);
  }
}

/** The time a datetime leaf of a request stands for. */
function requestTime(plan: RequestPlan, name: string): number {
  const { details } = plan;
  if (name === 'StartDateTime' && details.periodFrom !== undefined) {
    return details.periodFrom;
  }
  if (name === 'EndDateTime' && details.periodTo !== undefined) {
    return details.periodTo;
  }
  if (name === 'RestrictionDateTime' && details.restrictionAt !== undefined) {
    return details.restrictionAt;
  }
  return plan.at;
}

function enumLeaf(
  context: ValueContext,
  plan: RequestPlan,
  name: string,
  kind: string,
): string {
  const tokens = kind.slice('enum:'.length).split('|');
  const { details } = plan;
  if (name === 'RemotePartyRole' && details.remotePartyRole) {
    return details.remotePartyRole;
  }
  if (name === 'RequestType' && details.hanRequest) return details.hanRequest;
  if (name === 'DeviceType' && details.otherDevice) {
    return details.otherDevice.deviceType;
  }
  if (name === 'CHFInstallType' && tokens.includes('New CHF Install')) {
    return 'New CHF Install';
  }
  return context.random.pick(tokens);
}

/** Values that depend only on the kind and the leaf's name. */
function commonLeaf(
  context: ValueContext,
  name: string,
  kind: LeafKind,
  at: number,
): string {
  const { random, premises } = context;
  const plain = PLAIN_LEAVES[kind];
  if (plain !== undefined) return plain(random, name, at);
  if (kind === 'mpan') return premises.mpan;
  if (kind === 'mprn') return premises.mprn ?? premises.mpan.slice(3);
  if (kind === 'uprn') return String(100_000_000_000 + premises.index * 13);
  if (kind === 'postcode') return postcode(random, premises);
  if (kind.startsWith('hex:')) return hex(random, Number(kind.slice(4)));
  if (kind.startsWith('enum:')) return random.pick(kind.slice(5).split('|'));
  return '';
}

type LeafMaker = (random: SeededRandom, name: string, at: number) => string;

const PLAIN_LEAVES: Readonly<Partial<Record<string, LeafMaker>>> = {
  datetime: (_random, _name, at) => isoOf(at),
  time: (random, name) =>
    name === 'SwitchTime'
      ? random.pick(['00:00:00.00Z', '08:00:00.00Z', '20:00:00.00Z'])
      : random.pick([
          '00:00:00.00Z',
          '07:00:00.00Z',
          '16:00:00.00Z',
          '23:00:00.00Z',
        ]),
  date: (random, _name, at) =>
    isoOf(at + random.int(1, 60) * 86_400_000).slice(0, 10),
  integer: integerLeaf,
  scale: () => '-5',
  decimal: (random) => (1.02 + random.int(0, 600) / 100_000).toFixed(5),
  money: (random, name) => money(random, name),
  currency: () => 'GBP',
  boolean: (random, name) =>
    name === 'ApplyTimeBasedCPVChecks' ? 'true' : String(random.chance(0.5)),
  cin: (random) => random.digits(4),
  utrn: (random) => `73${random.digits(18)}`,
  telephone: (random) => `0800 ${random.digits(3)} ${random.digits(4)}`,
  text: (random, name) => textLeaf(random, name),
  base64: (random, name) =>
    gbcsFrame(random, {
      cra: 1,
      messageCode: name === 'FirmwareImage' ? 0x00aa : 0x0042,
      size: name === 'FirmwareImage' ? 900 : 80,
    }),
  certificate: (random) => certificate(random),
  // The writer fills index attributes and empty elements itself, and the
  // bodies the demo writes name no other SRV or Request ID outside a
  // request (which requestLeaf answers from the plan).
  index: () => '1',
};

function integerLeaf(random: SeededRandom, name: string, at: number): string {
  const date = new Date(at);
  switch (name) {
    case 'SpecifiedYear':
      return String(date.getUTCFullYear());
    case 'SpecifiedMonth':
      return String(random.int(1, 12)).padStart(2, '0');
    case 'SpecifiedDayOfMonth':
      return String(random.int(1, 28)).padStart(2, '0');
    case 'DayName':
    case 'ReferencedDayName':
      return String(random.int(1, 3));
    case 'WeekName':
    case 'ReferencedWeekName':
      return String(random.int(1, 2));
    case 'JoinTimePeriod':
      return random.pick(['60', '90', '120']);
    case 'BlockThreshold':
      return random.pick(['10000', '40000', '4294967295']);
    default:
      return String(random.int(0, 120));
  }
}

/**
 * Prices at scale -5 (units of 10^-5 GBP): standing charges of 45–65 p a
 * day for electricity and 28–35 p for gas, unit rates of 20–32 p/kWh and
 * 5.5–7.5 p/kWh.
 */
function price(random: SeededRandom, name: string, gas: boolean): string {
  if (name === 'StandingCharge') {
    return String(
      gas ? random.int(28_000, 35_000) : random.int(45_000, 65_000),
    );
  }
  return String(gas ? random.int(5_500, 7_500) : random.int(20_000, 32_000));
}

/** Balances, credit and debt settings in pence. */
function money(random: SeededRandom, name: string): string {
  if (name.includes('EmergencyCreditLimit'))
    return String(random.int(5, 15) * 100);
  if (name.includes('EmergencyCreditThreshold'))
    return String(random.int(1, 3) * 100);
  if (name.includes('LowCredit')) return String(random.int(3, 8) * 100);
  if (name.includes('Debt')) return String(random.int(1, 10) * 100);
  if (name.includes('Disablement')) return String(random.int(0, 5) * 20);
  return String(random.int(100, 5000));
}

function textLeaf(random: SeededRandom, name: string): string {
  if (name === 'SeasonName') return random.pick(['winter', 'summer']);
  if (name === 'SMETSCHTSVersion')
    return random.pick(['SMETS2 v4.0', 'SMETS2 v5.0']);
  if (name.endsWith('Reason'))
    return random.pick(['device unreachable', 'timed out']);
  return random.pick(['standard', 'economy', 'peak', 'off-peak']);
}

const MESSAGES = [
  'Your new tariff starts on the 1st of next month.',
  'Your credit is running low. Please top up soon.',
  'Thank you for your payment.',
  'Emergency credit is now available.',
  'Your engineer visit is booked for Tuesday morning.',
];

function displayMessage(random: SeededRandom, partyId: string): string {
  return `${demoParty(partyId).name}: ${random.pick(MESSAGES)}`;
}

const POSTCODE_AREAS = { north: 'NE', central: 'B', south: 'BN' } as const;

function postcode(random: SeededRandom, premises: DemoPremises): string {
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  const tail = letters[random.int(0, 19)]! + letters[random.int(0, 19)]!;
  return `${POSTCODE_AREAS[premises.region]}${random.int(1, 29)} ${random.int(1, 9)}${tail}`;
}

function hex(random: SeededRandom, bytes: number): string {
  return Buffer.from(random.bytes(bytes)).toString('hex').toUpperCase();
}

/** A DER-shaped certificate blob (SEQUENCE header, random body). */
function certificate(random: SeededRandom): string {
  const body = random.bytes(420);
  const der = Buffer.concat([
    Buffer.from([0x30, 0x82, 0x01, 0xa4, 0x30, 0x82, 0x01, 0x49]),
    body,
  ]);
  return der.toString('base64');
}

/** The GBCS header facts of a payload. */
export interface GbcsFrame {
  /** 1 command, 2 response, 3 alert. */
  readonly cra: 1 | 2 | 3;
  readonly messageCode: number;
  readonly size: number;
  readonly originator?: string;
  readonly recipient?: string;
}

/**
 * An opaque GBCS-like frame: general-ciphering tag (0xDD 0x00), CRA flag,
 * the two system titles and the message code, then content and a MAC that
 * nobody without the keys could read anyway.
 */
function gbcsFrame(random: SeededRandom, frame: GbcsFrame): string {
  const title = (eui: string | undefined): Buffer =>
    Buffer.concat([
      Buffer.from([0x08]),
      eui === undefined
        ? Buffer.from(random.bytes(8))
        : Buffer.from(eui, 'hex'),
    ]);
  const code = Buffer.from([frame.messageCode >> 8, frame.messageCode & 0xff]);
  return Buffer.concat([
    Buffer.from([0xdd, 0x00, frame.cra]),
    Buffer.from(random.bytes(8)),
    title(frame.originator),
    title(frame.recipient),
    code,
    Buffer.from(random.bytes(Math.max(12, frame.size))),
  ]).toString('base64');
}

/** Picks choice alternatives to fit the fuel and the request's facts. */
export function requestChoices(plan: RequestPlan): ChoiceSource {
  const gas = meterFuel(plan.device) === 'gas';
  const prefer = [
    ...(gas ? GAS_CHOICES : ELECTRICITY_CHOICES),
    plan.details.toPrepayment === false ? 'Credit' : 'Prepayment',
    plan.sender.role === 'ED' ? 'ElectricityNetworkOperatorAlerts' : '',
    'TOUTariff',
    'NonSpecifiedYear',
  ];
  return (_path, options) =>
    prefer.find((option) => options.includes(option)) ?? options[0] ?? '';
}

const GAS_CHOICES = [
  'GasTariffElements',
  'GasPriceElements',
  'ImportMPRN',
  'UpdatePrepayConfigGas',
  'GasSupplierAlertEventSettings',
];

const ELECTRICITY_CHOICES = [
  'ElecTariffElements',
  'ElectricityPriceElements',
  'ImportMPANs',
  'UpdatePrepayConfigElectricity',
  'ElectricitySupplierAlerts',
];
