/**
 * Realistic synthetic DUIS traffic for the ingest benchmark: whole request
 * threads (a Service Request, its acknowledgement, its Service Response)
 * and unsolicited alerts, in the mix and sizes of a busy Service Audit
 * Trail. Messages are 1–5 KB: signed requests of Command Variants 1, 4, 5
 * and 8 (tariffs, reads, signed pre-commands, inventory), I99
 * acknowledgements, responses carrying base64 GBCS payloads, Device Alerts
 * and DCC Alerts. Deterministic for a seed, and every message is distinct,
 * so N generated messages are N records.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

import { formatEui64 } from '../domain/eui64.ts';
import { findSrv } from '../domain/srv-catalogue.ts';

/** One message as an NDJSON line carries it. */
export interface SyntheticMessage {
  readonly loggedAt: string;
  readonly xml: string;
}

export interface SyntheticOptions {
  /** Seed of the pseudo-random choices; default 1. */
  readonly seed?: number;
  /** Devices the traffic is spread over; default 20,000. */
  readonly devices?: number;
  /** Logged time of the first message, epoch ms; default 2024-04-01. */
  readonly startAt?: number;
}

const SR = 'http://www.dccinterface.co.uk/ServiceUserGateway';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const DCC = '90-B3-D5-1F-30-00-00-02';
const USERS = [
  '90-B3-D5-1F-30-01-00-00',
  '90-B3-D5-1F-30-01-00-01',
  '90-B3-D5-1F-30-02-00-00',
  '90-B3-D5-1F-30-03-00-00',
  '90-B3-D5-1F-30-04-00-00',
];

/** Generates `count` messages. */
export function* syntheticMessages(
  count: number,
  options: SyntheticOptions = {},
): Generator<SyntheticMessage> {
  const random = mulberry32(options.seed ?? 1);
  const world = {
    random,
    devices: options.devices ?? 20_000,
    clock: options.startAt ?? Date.UTC(2024, 3, 1),
    counter: 1_712_000_000_000,
  };
  let produced = 0;
  while (produced < count) {
    for (const xml of nextThread(world)) {
      if (produced === count) return;
      world.clock += 1 + Math.floor(random() * 400);
      yield { loggedAt: new Date(world.clock).toISOString(), xml: indent(xml) };
      produced += 1;
    }
  }
}

/** Writes `count` messages as NDJSON; answers the bytes written. */
export async function writeSyntheticNdjson(
  path: string,
  count: number,
  options: SyntheticOptions = {},
): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  for (const message of syntheticMessages(count, options)) {
    const line = JSON.stringify(message) + '\n';
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

interface World {
  readonly random: () => number;
  readonly devices: number;
  clock: number;
  counter: number;
}

/** One kind of thread, with its share of the traffic. */
interface ThreadKind {
  readonly weight: number;
  readonly make: (world: World) => string[];
}

const THREADS: readonly ThreadKind[] = [
  {
    weight: 30,
    make: (w) =>
      readThread(
        w,
        '4.1.1',
        '<sr:ReadInstantaneousImportRegisters/>',
        [150, 500],
      ),
  },
  {
    weight: 8,
    make: (w) =>
      readThread(
        w,
        '4.8.1',
        logPeriod(w, 'ReadActiveImportProfileData'),
        [800, 2400],
      ),
  },
  {
    weight: 6,
    make: (w) =>
      readThread(
        w,
        '4.6.1',
        logPeriod(w, 'RetrieveImportDailyReadLog'),
        [200, 700],
      ),
  },
  {
    weight: 8,
    make: (w) => readThread(w, '11.2', '<sr:ReadFirmwareVersion/>', [100, 200]),
  },
  { weight: 10, make: tariffThread },
  { weight: 6, make: inventoryThread },
  { weight: 10, make: (w) => [deviceAlert(w)] },
  { weight: 4, make: (w) => [dccAlert(w)] },
];

const TOTAL_WEIGHT = THREADS.reduce((sum, t) => sum + t.weight, 0);

function nextThread(world: World): string[] {
  let pick = world.random() * TOTAL_WEIGHT;
  for (const thread of THREADS) {
    pick -= thread.weight;
    if (pick < 0) return thread.make(world);
  }
  return (THREADS[0] as ThreadKind).make(world);
}

/** A CV 1 read: request, I99, then the device's response, whose GBCS
 * payload is `size` base64 characters long (a range). */
function readThread(
  world: World,
  srv: string,
  body: string,
  [min, max]: [number, number],
): string[] {
  const id = newRequestId(world, device(world));
  const reference = findSrv(srv)?.serviceReference ?? srv;
  const request = requestXml(id, 1, reference, srv, body);
  return [
    request,
    responseXml(world, id, 'I99', responseMessage(reference, srv, '')),
    responseXml(
      world,
      id,
      'I0',
      responseMessage(reference, srv, gbcs(world, min, max)),
      true,
    ),
  ];
}

/** A critical tariff change: CV 4 transform, the PreCommand, the CV 5
 * signed leg (often future-dated), its I99 and the device's response. */
function tariffThread(world: World): string[] {
  const id = newRequestId(world, device(world));
  const preCommand =
    '<sr:PreCommand><sr:GBCSVersion>4.0</sr:GBCSVersion>' +
    `${gbcs(world, 800, 1600)}</sr:PreCommand>`;
  const execution =
    world.random() < 0.4
      ? `<sr:ExecutionDateTime>${future(world)}</sr:ExecutionDateTime>`
      : '';
  const signed =
    `<sr:SignedPreCommand>${execution}` +
    `${gbcs(world, 800, 1600)}</sr:SignedPreCommand>`;
  return [
    requestXml(id, 4, '1.1', '1.1.1', tariffBody(world)),
    responseXml(world, id, 'I0', responseMessage('1.1', '1.1.1', preCommand)),
    requestXml(id, 5, '1.1', '1.1.1', signed),
    responseXml(world, id, 'I99', responseMessage('1.1', '1.1.1', '')),
    responseXml(
      world,
      id,
      'I0',
      responseMessage('1.1', '1.1.1', gbcs(world, 100, 300)),
      true,
    ),
  ];
}

/** A CV 8 non-device inventory read, answered by the DCC. */
function inventoryThread(world: World): string[] {
  const target = device(world);
  const id = newRequestId(world, DCC);
  const body =
    `<sr:ReadInventory><sr:DeviceID>${target}</sr:DeviceID>` +
    '</sr:ReadInventory>';
  const inventory =
    '<sr:DSPInventory><sr:Device>' +
    `<sr:DeviceID>${target}</sr:DeviceID><sr:DeviceType>ESME</sr:DeviceType>` +
    '<sr:DeviceStatus>Commissioned</sr:DeviceStatus>' +
    '<sr:DeviceManufacturer>1234</sr:DeviceManufacturer>' +
    '<sr:DeviceModel>5678</sr:DeviceModel>' +
    '<sr:SMETSCHTSVersion>SMETS2</sr:SMETSCHTSVersion>' +
    '</sr:Device></sr:DSPInventory>';
  return [
    requestXml(id, 8, '8.2', '8.2', body),
    responseXml(world, id, 'I0', responseMessage('8.2', '8.2', inventory)),
  ];
}

function deviceAlert(world: World): string {
  const from = device(world);
  const to = pick(world, USERS);
  const counter = (world.counter += 3);
  const header =
    `<sr:ResponseID>${from}:${to}:${counter}</sr:ResponseID>` +
    `<sr:ResponseCode>I0</sr:ResponseCode>` +
    `<sr:ResponseDateTime>${now(world)}</sr:ResponseDateTime>`;
  const code = pick(world, ['8F35', '8F36', '8F0F', '8F66', '8F1C']);
  const body =
    `<sr:DeviceAlertMessage><sr:AlertCode>${code}</sr:AlertCode>` +
    `${gbcs(world, 100, 300)}</sr:DeviceAlertMessage>`;
  return response(header, body, true);
}

function dccAlert(world: World): string {
  const to = pick(world, USERS);
  const counter = (world.counter += 3);
  const header =
    `<sr:ResponseID>${DCC}:${to}:${counter}</sr:ResponseID>` +
    `<sr:ResponseCode>I0</sr:ResponseCode>` +
    `<sr:ResponseDateTime>${now(world)}</sr:ResponseDateTime>`;
  const body =
    '<sr:DCCAlertMessage><sr:DCCAlertCode>N12</sr:DCCAlertCode>' +
    '<sr:DCCAlert><sr:PowerOutageEvent>' +
    `<sr:DeviceID>${device(world)}</sr:DeviceID>` +
    `<sr:PowerOutageStartTime>${now(world)}</sr:PowerOutageStartTime>` +
    '</sr:PowerOutageEvent></sr:DCCAlert></sr:DCCAlertMessage>';
  return response(header, body, true);
}

interface RequestIdParts {
  readonly originator: string;
  readonly target: string;
  readonly counter: number;
}

function newRequestId(world: World, target: string): RequestIdParts {
  world.counter += 7;
  return { originator: pick(world, USERS), target, counter: world.counter };
}

function requestXml(
  id: RequestIdParts,
  commandVariant: number,
  reference: string,
  srv: string,
  body: string,
): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<sr:Request xmlns:sr="${SR}" xmlns:ds="${DS}" schemaVersion="5.4">` +
    `<sr:Header><sr:RequestID>${requestIdText(id)}</sr:RequestID>` +
    `<sr:CommandVariant>${commandVariant}</sr:CommandVariant>` +
    `<sr:ServiceReference>${reference}</sr:ServiceReference>` +
    `<sr:ServiceReferenceVariant>${srv}</sr:ServiceReferenceVariant>` +
    `</sr:Header><sr:Body>${body}</sr:Body>${signature(id.counter)}` +
    '</sr:Request>'
  );
}

function responseXml(
  world: World,
  id: RequestIdParts,
  code: string,
  body: string,
  fromDevice = false,
): string {
  const responseId = fromDevice
    ? `<sr:ResponseID>${id.target}:${id.originator}:${id.counter}` +
      '</sr:ResponseID>'
    : '';
  const header =
    `<sr:RequestID>${requestIdText(id)}</sr:RequestID>${responseId}` +
    `<sr:ResponseCode>${code}</sr:ResponseCode>` +
    `<sr:ResponseDateTime>${now(world)}</sr:ResponseDateTime>`;
  return response(header, body, true);
}

function response(header: string, body: string, signed: boolean): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<sr:Response xmlns:sr="${SR}" schemaVersion="5.4">` +
    `<sr:Header>${header}</sr:Header><sr:Body>${body}</sr:Body>` +
    `${signed ? signature(header.length) : ''}</sr:Response>`
  );
}

function responseMessage(reference: string, srv: string, payload: string) {
  return (
    `<sr:ResponseMessage><sr:ServiceReference>${reference}` +
    `</sr:ServiceReference><sr:ServiceReferenceVariant>${srv}` +
    `</sr:ServiceReferenceVariant>${payload}</sr:ResponseMessage>`
  );
}

/** A read's log period: the last day before the message's time. */
function logPeriod(world: World, element: string): string {
  const end = new Date(world.clock - (world.clock % 86_400_000));
  const start = new Date(end.getTime() - 86_400_000);
  return (
    `<sr:${element}><sr:ReadLogPeriod>` +
    `<sr:StartDateTime>${start.toISOString()}</sr:StartDateTime>` +
    `<sr:EndDateTime>${end.toISOString()}</sr:EndDateTime>` +
    `</sr:ReadLogPeriod></sr:${element}>`
  );
}

/**
 * Lays compact XML out with two-space indentation, as the DCC's samples
 * are (about a fifth of their bytes is indentation). Only for the
 * generator's own output: every text sits between its tags on one piece.
 */
export function indent(xml: string): string {
  const pieces = xml.slice(1, -1).split('><');
  let depth = 0;
  let out = '';
  for (const piece of pieces) {
    if (piece.startsWith('/')) depth -= 1;
    out += `${'  '.repeat(Math.max(depth, 0))}<${piece}>\n`;
    const opens =
      !piece.startsWith('/') &&
      !piece.startsWith('?') &&
      !piece.endsWith('/') &&
      !piece.includes('</');
    if (opens) depth += 1;
  }
  return out.trimEnd();
}

function requestIdText(id: RequestIdParts): string {
  return `${id.originator}:${id.target}:${id.counter}`;
}

/** A tariff body of a realistic size (2–3 KB of prices and thresholds). */
function tariffBody(world: World): string {
  let prices = '';
  for (let i = 1; i <= 8; i += 1) {
    const price = 1000 + Math.floor(world.random() * 40_000);
    prices +=
      `<sr:TOUPrice index="${i}"><sr:Price>${price}</sr:Price>` +
      '<sr:Multiplier>0.001</sr:Multiplier></sr:TOUPrice>';
  }
  let thresholds = '';
  for (let i = 1; i <= 7; i += 1) {
    thresholds +=
      `<sr:Thresholds index="${i}"><sr:BlockThreshold index="1">` +
      '4294967295</sr:BlockThreshold></sr:Thresholds>';
  }
  return (
    '<sr:UpdateImportTariffPrimaryElement><sr:ElecTariffElements>' +
    '<sr:CurrencyUnits>GBP</sr:CurrencyUnits>' +
    '<sr:SwitchingTable><sr:DayProfiles><sr:DayProfile>' +
    '<sr:DayName>1</sr:DayName><sr:ProfileSchedule>' +
    '<sr:StartTime>00:00:00.00Z</sr:StartTime>' +
    '<sr:TOUTariffAction>1</sr:TOUTariffAction></sr:ProfileSchedule>' +
    '</sr:DayProfile></sr:DayProfiles></sr:SwitchingTable>' +
    `<sr:ThresholdMatrix>${thresholds}</sr:ThresholdMatrix>` +
    `<sr:PriceElements><sr:TOUPrices>${prices}</sr:TOUPrices>` +
    '<sr:StandingCharge>2345</sr:StandingCharge>' +
    '<sr:StandingChargeScale>-3</sr:StandingChargeScale>' +
    '</sr:PriceElements></sr:ElecTariffElements>' +
    '</sr:UpdateImportTariffPrimaryElement>'
  );
}

function signature(seed: number): string {
  const digest = base64Slice(seed * 13, 44);
  const value = base64Slice(seed * 7, 96);
  return (
    `<ds:Signature xmlns:ds="${DS}"><ds:SignedInfo>` +
    `<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>` +
    `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/>` +
    '<ds:Reference URI=""><ds:Transforms>' +
    `<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>` +
    `</ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>` +
    `<ds:DigestValue>${digest}</ds:DigestValue></ds:Reference>` +
    `</ds:SignedInfo><ds:SignatureValue>${value}</ds:SignatureValue>` +
    '<ds:KeyInfo><ds:X509Data><ds:X509IssuerSerial>' +
    '<ds:X509IssuerName>CN=Z1,OU=07</ds:X509IssuerName>' +
    '<ds:X509SerialNumber>50669612984035780968362471400449834504' +
    '</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data>' +
    '</ds:KeyInfo></ds:Signature>'
  );
}

/** A GBCSPayload element with `min`–`max` bytes of base64. */
function gbcs(world: World, min: number, max: number): string {
  const length = 4 * Math.floor((min + world.random() * (max - min)) / 4);
  const offset = Math.floor(world.random() * 1_000_000);
  return `<sr:GBCSPayload>${base64Slice(offset, length)}</sr:GBCSPayload>`;
}

// Random-looking base64 without generating random bytes per message: a
// fixed pool, sliced at random offsets. Compresses as badly as real GBCS.
const BASE64_POOL = makeBase64Pool(3 * 21_846);

function makeBase64Pool(bytes: number): string {
  const random = mulberry32(0x5eed);
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 1) data[i] = Math.floor(random() * 256);
  return data.toString('base64');
}

function base64Slice(offset: number, length: number): string {
  const start = (offset * 4) % (BASE64_POOL.length - length);
  return BASE64_POOL.slice(start, start + length);
}

function device(world: World): string {
  const index = Math.floor(world.random() * world.devices);
  return formatEui64(`00db12${index.toString(16).padStart(10, '0')}`);
}

function pick<T>(world: World, values: readonly T[]): T {
  return values[Math.floor(world.random() * values.length)] as T;
}

function now(world: World): string {
  return new Date(world.clock).toISOString();
}

function future(world: World): string {
  const days = 1 + Math.floor(world.random() * 30);
  return new Date(world.clock + days * 86_400_000).toISOString();
}

/** A small, fast, seedable PRNG (mulberry32). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
