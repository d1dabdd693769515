/**
 * The demo world is coherent: every message is DUIS that the reader
 * accepts, every sender holds a role the SRV catalogue allows, every
 * party sends only to devices it is responsible for at that moment (as the
 * reference data says, checked here independently of the generator), and
 * the same options give the same world byte for byte.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';

import type { Eui64 } from '../domain/eui64.ts';
import { formatEui64 } from '../domain/eui64.ts';
import type {
  HanLink,
  MeterPoint,
  Registration,
} from '../domain/reference-data.ts';
import type { ParsedMessage } from '../domain/sat-record.ts';
import { findSrv } from '../domain/srv-catalogue.ts';
import { readDuisMessage } from '../duis/duis-reader.ts';
import { withholdPayload } from '../visibility/payload-withholding.ts';
import { premisesLines } from './demo-csv.ts';
import { ndjsonLine } from './demo-files.ts';
import { findMarkers } from './demo-markers.ts';
import { DCC_ID } from './demo-parties.ts';
import { tour } from './demo-tour.ts';
import {
  createWorld,
  type DemoWorld,
  generateWorld,
  type WorldOptions,
  worldUsers,
} from './demo-world.ts';

const TODAY = Date.UTC(2026, 5, 1);
const OPTIONS: Partial<WorldOptions> = {
  premises: 60,
  days: 400,
  seed: 'coherence',
  today: TODAY,
};

/** A message as the SAT logged it, read back by the DUIS reader. */
interface ReadMessage {
  readonly at: number;
  readonly xml: string;
  readonly parsed: ParsedMessage;
}

/** The whole small world, read: reference rows and parsed messages. */
interface ReadWorld {
  readonly messages: ReadMessage[];
  readonly meterPoints: MeterPoint[];
  readonly hanLinks: HanLink[];
  readonly registrations: Registration[];
  readonly deviceTypes: Map<string, string>;
  readonly refused: string[];
}

function readWorld(world: DemoWorld): ReadWorld {
  const read: ReadWorld = {
    messages: [],
    meterPoints: [],
    hanLinks: [],
    registrations: [],
    deviceTypes: new Map(),
    refused: [],
  };
  for (const part of generateWorld(world)) {
    read.meterPoints.push(...part.reference.meterPoints);
    read.hanLinks.push(...part.reference.hanLinks);
    read.registrations.push(...part.reference.registrations);
    for (const device of part.reference.devices) {
      read.deviceTypes.set(device.deviceId, device.deviceType);
    }
    for (const message of part.messages) {
      try {
        read.messages.push({
          ...message,
          parsed: readDuisMessage(message.xml),
        });
      } catch (error) {
        read.refused.push(String(error));
      }
    }
  }
  return read;
}

const inForce = (row: { from: number; to: number | null }, at: number) =>
  row.from <= at && (row.to === null || at < row.to);

/** Who is responsible for what, from the reference rows alone. */
class Responsibility {
  readonly #world: ReadWorld;

  constructor(world: ReadWorld) {
    this.#world = world;
  }

  /** The meters a device serves at an instant (itself, or via links). */
  metersAt(deviceId: string, at: number): string[] {
    const own = this.#world.meterPoints.filter(
      (m) => m.deviceId === deviceId && inForce(m, at),
    );
    if (own.length > 0) return [deviceId];
    return this.#world.hanLinks
      .filter((link) => link.deviceId === deviceId && inForce(link, at))
      .map((link) => link.meterId);
  }

  mpxnsAt(deviceId: string, at: number): string[] {
    const meters = this.metersAt(deviceId, at);
    return this.#world.meterPoints
      .filter((m) => meters.includes(m.deviceId) && inForce(m, at))
      .map((m) => m.mpxn);
  }

  /** Whether a party holds a role on an MPxN the device serves. */
  holds(deviceId: string, role: string, partyId: string, at: number): boolean {
    const mpxns = this.mpxnsAt(deviceId, at);
    return this.#world.registrations.some(
      (r) =>
        mpxns.includes(r.mpxn) &&
        r.role === role &&
        r.partyId === partyId &&
        inForce(r, at),
    );
  }

  /** Whether a consumer access device is joined to the device's meters. */
  hasConsent(deviceId: string, at: number): boolean {
    const meters = this.metersAt(deviceId, at);
    return this.#world.hanLinks.some(
      (link) =>
        this.#world.deviceTypes.get(link.deviceId) === 'CAD' &&
        meters.includes(link.meterId) &&
        inForce(link, at),
    );
  }

  /** Whether the sender may act on the device at that instant. */
  allowed(deviceId: string, role: string, partyId: string, at: number) {
    if (role === 'OU') return this.hasConsent(deviceId, at);
    return this.holds(deviceId, role, partyId, at);
  }
}

const USERS = new Map(worldUsers().map((u) => [u.userId, u]));

function userOf(userId: Eui64 | null) {
  const user = userId === null ? undefined : USERS.get(userId);
  assert.ok(user, `user ${userId} is in users.csv`);
  return user;
}

describe('a small demo world', () => {
  const world = createWorld(OPTIONS);
  const read = readWorld(world);
  const responsibility = new Responsibility(read);
  const requests = read.messages.filter((m) => m.parsed.kind === 'request');

  it('is made of DUIS that the reader accepts, every message of it', () => {
    assert.deepEqual(read.refused, []);
    assert.ok(read.messages.length > 60 * 30, `${read.messages.length}`);
  });

  it('has every request sent by a role the catalogue allows for its SRV', () => {
    for (const { parsed } of requests) {
      const user = userOf(parsed.userId);
      const srv = findSrv(parsed.srv ?? '');
      assert.ok(
        srv?.roles.includes(user.role),
        `${user.role} sends ${parsed.srv}`,
      );
    }
  });

  it('has every party send only to devices it is responsible for then', () => {
    let checked = 0;
    for (const { parsed, at } of requests) {
      if (parsed.requestId?.target === DCC_ID || parsed.deviceId === null) {
        continue;
      }
      const user = userOf(parsed.userId);
      const ok = responsibility.allowed(
        parsed.deviceId,
        user.role,
        user.partyId,
        at,
      );
      assert.ok(
        ok,
        `${user.partyId} (${user.role}) sent ${parsed.srv} to ` +
          `${formatEui64(parsed.deviceId)} at ${new Date(at).toISOString()}`,
      );
      checked += 1;
    }
    assert.ok(checked > 1000, `${checked} requests checked`);
  });

  it('sends supply alerts to the supplier and outages to the distributor', () => {
    const alerts = read.messages.filter(
      (m) => m.parsed.alertCode === '8F35' || m.parsed.alertCode === 'AD1',
    );
    assert.ok(alerts.length > 10);
    for (const { parsed, at } of alerts) {
      const user = userOf(parsed.userId);
      assert.equal(user.role, parsed.alertCode === 'AD1' ? 'ED' : 'IS');
      assert.ok(
        responsibility.holds(
          parsed.deviceId ?? '',
          user.role,
          user.partyId,
          at,
        ),
        `${parsed.alertCode} to ${user.partyId}`,
      );
    }
  });

  it('acknowledges, answers and sometimes fails like the DCC', () => {
    const codes = new Set(read.messages.map((m) => m.parsed.responseCode));
    for (const code of ['I0', 'I99']) assert.ok(codes.has(code), code);
    assert.ok(
      [...codes].some((code) => code?.startsWith('E')),
      'E codes',
    );
    const kinds = new Set(read.messages.map((m) => m.parsed.kind));
    for (const kind of ['request', 'acknowledgement', 'response']) {
      assert.ok(kinds.has(kind as ParsedMessage['kind']), kind);
    }
    assert.ok(kinds.has('device-alert') && kinds.has('dcc-alert'));
  });

  it('sends the signed CV 5 leg of a critical SRV with the CV 4 Request ID', () => {
    const legs = new Map<string, number[]>();
    for (const { parsed } of requests) {
      if (!findSrv(parsed.srv ?? '')?.critical) continue;
      const id = parsed.requestId?.counter + ':' + parsed.requestId?.target;
      legs.set(id, [...(legs.get(id) ?? []), parsed.commandVariant ?? 0]);
    }
    assert.ok(legs.size > 100);
    for (const variants of legs.values()) {
      assert.equal(variants[0], 4);
      assert.ok(variants.length === 1 || variants[1] === 5);
    }
  });

  it('executes future-dated commands, except those a losing supplier left', () => {
    const threads = futureDatedThreads(read.messages);
    let leftovers = 0;
    for (const thread of threads.values()) {
      const { request, executed, accepted } = thread;
      const user = userOf(request.parsed.userId);
      const executionAt = request.parsed.executionAt ?? 0;
      const stillThere = responsibility.holds(
        request.parsed.deviceId ?? '',
        user.role,
        user.partyId,
        executionAt,
      );
      if (!accepted || executionAt >= TODAY) continue;
      if (user.role === 'IS' || user.role === 'GS') {
        assert.equal(executed, stillThere, `thread ${request.parsed.srv}`);
        if (!stillThere) leftovers += 1;
      }
    }
    assert.ok(leftovers >= 1, `${leftovers} leftovers`);
  });

  it('keeps the tour cases real: the losing supplier left pending commands', () => {
    const [change] = tour(world);
    assert.ok(change && change.losingParty);
    const pending = [...futureDatedThreads(read.messages).values()].filter(
      ({ request, executed }) =>
        formatEui64(request.parsed.deviceId ?? '') === change.deviceId &&
        userOf(request.parsed.userId).partyId === change.losingParty &&
        (request.parsed.executionAt ?? 0) > TODAY &&
        !executed,
    );
    assert.ok(pending.length >= 1, 'a pending leftover beyond today');
    const devices = new Set(read.deviceTypes.keys());
    for (const tourCase of tour(world)) {
      assert.ok(devices.has(tourCase.deviceId.replace(/-/g, '').toLowerCase()));
    }
  });

  it('gives the same world, byte for byte, for the same options', () => {
    const again = worldDigest(createWorld(OPTIONS));
    assert.equal(worldDigest(world), again);
    const other = worldDigest(createWorld({ ...OPTIONS, seed: 'other' }));
    assert.notEqual(other, again);
  });
});

describe('a demo world with markers', () => {
  const options = { ...OPTIONS, premises: 12 };
  const plain = [...generateWorld(createWorld(options))];
  const marked = [...generateWorld(createWorld({ ...options, markers: true }))];

  it('has the same records as the world without markers', () => {
    const times = (parts: typeof plain) =>
      parts.flatMap((p) => p.messages.map((m) => m.at));
    assert.deepEqual(times(marked), times(plain));
  });

  it('withholds every marker from a viewer that is not the sender', () => {
    let shown = 0;
    for (const message of marked.flatMap((p) => p.messages)) {
      const parsed = readDuisMessage(message.xml);
      const context = {
        kind: parsed.kind,
        srv: parsed.srv,
        payloadElement: parsed.payloadElement,
        alertCode: parsed.alertCode,
      };
      const other = withholdPayload(message.xml, context, false);
      assert.deepEqual(findMarkers(JSON.stringify(other.payload)), []);
      const own = findMarkers(
        JSON.stringify(withholdPayload(message.xml, context, true).payload),
      );
      const party = userOf(parsed.userId).partyId;
      for (const found of own) assert.equal(found.partyId, party);
      shown += own.length;
    }
    assert.ok(shown > 500, `${shown} markers in the senders' own views`);
  });
});

/** A future-dated request thread: its signed leg and what followed. */
interface FutureDatedThread {
  request: ReadMessage;
  accepted: boolean;
  executed: boolean;
}

function futureDatedThreads(
  messages: readonly ReadMessage[],
): Map<string, FutureDatedThread> {
  const threads = new Map<string, FutureDatedThread>();
  const key = (m: ParsedMessage) =>
    `${m.requestId?.originator}:${m.requestId?.target}:${m.requestId?.counter}`;
  for (const message of messages) {
    const { parsed } = message;
    if (parsed.kind === 'request' && parsed.executionAt !== null) {
      const thread = { request: message, accepted: false, executed: false };
      threads.set(key(parsed), { ...threads.get(key(parsed)), ...thread });
    }
  }
  for (const { parsed } of messages) {
    const thread = threads.get(key(parsed));
    if (thread === undefined) continue;
    if (parsed.kind === 'response' && parsed.responseId !== null) {
      thread.accepted ||= parsed.responseCode === 'I0';
    }
    if (parsed.alertCode === '8F66' || parsed.alertCode === '8F67') {
      thread.executed = true;
    }
  }
  return threads;
}

function worldDigest(world: DemoWorld): string {
  const hash = createHash('sha256');
  for (const part of generateWorld(world)) {
    for (const text of Object.values(premisesLines(part.reference))) {
      hash.update(text);
    }
    for (const message of part.messages) hash.update(ndjsonLine(message));
  }
  return hash.digest('hex');
}
