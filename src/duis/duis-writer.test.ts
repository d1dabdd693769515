// The DUIS writer: everything it writes is read back by the DUIS reader with
// the fields that were put in, and every body follows the SRV's shape.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseEui64 } from '../domain/eui64.ts';
import { parseRequestId, type RequestId } from '../domain/request-id.ts';
import { allSrvs, isSignedLeg } from '../domain/srv-catalogue.ts';
import { isSatviewError } from '../errors/satview-error.ts';
import { readDuisMessage } from './duis-reader.ts';
import {
  writeAcknowledgement,
  writeDccAlert,
  writeDeviceAlert,
  writeFutureDatedAlert,
  writeRequest,
  writeResponse,
} from './duis-writer.ts';
import {
  dccAlertEventNames,
  elementPaths,
  findSrvBody,
  shapeLeaves,
} from './srv-bodies.ts';
import { createValueSource, type ValueSource } from './value-generator.ts';
import { childElement, parseXmlTree, type XmlElement } from './xml-tree.ts';

const SR = 'http://www.dccinterface.co.uk/ServiceUserGateway';
const USER = '90-B3-D5-1F-30-01-00-00';
const DEVICE = '00-DB-12-34-56-78-90-A0';
const DCC = '90-B3-D5-1F-30-00-00-02';
const AT = Date.UTC(2025, 3, 1, 9, 30, 0, 250);
const LATER = Date.UTC(2025, 5, 1);

function requestIdFor(target: string, counter: number): RequestId {
  return parseRequestId(`${USER}:${target}:${counter}`);
}

function bodyOf(xml: string): XmlElement {
  const body = childElement(parseXmlTree(xml), SR, 'Body');
  assert.ok(body, 'the message has a Body');
  assert.equal(body.children.length, 1, 'the Body has one child');
  return body.children[0]!;
}

/** Leaf paths of a written body, with the text written there. */
function writtenLeaves(element: XmlElement, base = ''): [string, string][] {
  const path = base === '' ? element.name : `${base}/${element.name}`;
  const out: [string, string][] = Object.entries(element.attributes).map(
    ([name, value]) => [`${path}/@${name}`, value],
  );
  if (element.children.length === 0) out.push([path, element.text]);
  for (const child of element.children) out.push(...writtenLeaves(child, path));
  return out;
}

/** A value source that records what it was asked for. */
function recordingSource(): {
  values: ValueSource;
  asked: Map<string, string>;
} {
  const asked = new Map<string, string>();
  const inner = createValueSource(7);
  const values: ValueSource = (path, kind) => {
    const value = inner(path, kind);
    asked.set(path, value);
    return value;
  };
  return { values, asked };
}

describe('written Service Requests', () => {
  it('are read back with their SRV, CV, Request ID and parties, for every SRV and CV', () => {
    let written = 0;
    for (const srv of allSrvs()) {
      const target = srv.nonDevice ? DCC : DEVICE;
      for (const cv of srv.commandVariants) {
        const requestId = requestIdFor(target, 1000 + written);
        const message = readDuisMessage(
          writeRequest({ requestId, srv: srv.srv, commandVariant: cv }),
        );
        const where = `${srv.srv} CV ${cv}`;
        assert.equal(message.kind, 'request', where);
        assert.equal(message.srv, srv.srv, where);
        assert.equal(message.serviceReference, srv.serviceReference, where);
        assert.equal(message.commandVariant, cv, where);
        assert.deepEqual(message.requestId, requestId, where);
        assert.equal(message.userId, parseEui64(USER), where);
        assert.deepEqual(message.flags, [], where);
        const body = isSignedLeg(cv) ? 'SignedPreCommand' : srv.bodyElement;
        assert.equal(message.payloadElement, body, where);
        if (!srv.nonDevice) assert.equal(message.deviceId, parseEui64(DEVICE));
        written++;
      }
    }
    assert.equal(written, 388);
  });

  it('carry the execution time of a future-dated request, signed leg or not', () => {
    for (const srv of allSrvs().filter((s) => s.futureDated !== null)) {
      for (const cv of srv.commandVariants) {
        const xml = writeRequest({
          requestId: requestIdFor(DEVICE, 1),
          srv: srv.srv,
          commandVariant: cv,
          executionAt: LATER,
        });
        assert.equal(readDuisMessage(xml).executionAt, LATER, srv.srv);
      }
    }
  });

  it('put every value the source gives at the path it was asked for, and only shape paths', () => {
    for (const body of [findSrvBody('1.1.1')!, findSrvBody('6.15.1')!]) {
      const { values, asked } = recordingSource();
      const xml = writeRequest({
        requestId: requestIdFor(DEVICE, 2),
        srv: body.srv,
        commandVariant: 4,
        values,
      });
      const known = new Set([
        ...elementPaths(body.shape),
        ...shapeLeaves(body.shape).map((leaf) => leaf.path),
      ]);
      const leaves = writtenLeaves(bodyOf(xml));
      for (const [path, text] of leaves) {
        assert.ok(known.has(path), `${path} is in the shape`);
        if (!path.endsWith('@index') && text !== '') {
          assert.equal(asked.get(path) !== undefined, true, path);
        }
      }
      for (const [path, value] of asked) {
        assert.ok(
          leaves.some(([p, text]) => p === path && text === value),
          `${path} holds the value asked for`,
        );
      }
    }
  });

  it('number repeated elements by their position', () => {
    const xml = writeRequest({
      requestId: requestIdFor(DEVICE, 3),
      srv: '1.1.1',
      commandVariant: 4,
    });
    const indexes = [...xml.matchAll(/<sr:ReferencedDayName index="(\d)"/g)];
    assert.deepEqual(
      indexes.slice(0, 7).map((m) => m[1]),
      ['1', '2', '3', '4', '5', '6', '7'],
    );
  });

  it('take the alternative the choice source picks', () => {
    const xml = writeRequest({
      requestId: requestIdFor(DEVICE, 4),
      srv: '1.1.1',
      commandVariant: 4,
      choose: (_path, options) => options.at(-1)!,
    });
    const body = bodyOf(xml);
    const names = body.children.map((child) => child.name);
    assert.ok(names.includes('GasTariffElements'));
    assert.ok(!names.includes('ElecTariffElements'));
  });

  it('escape values so that markup in a value stays text', () => {
    const hostile = `<b>"Fish & Chips"</b> ]]>`;
    const xml = writeRequest({
      requestId: requestIdFor(DEVICE, 5),
      srv: '3.4',
      commandVariant: 1,
      values: () => hostile,
    });
    readDuisMessage(xml);
    const body = bodyOf(xml);
    assert.equal(childElement(body, SR, 'SupplierName')?.text, hostile);
  });

  it('are the same for the same Request ID and differ for another', () => {
    const spec = { srv: '2.1', commandVariant: 4 } as const;
    const a = writeRequest({ ...spec, requestId: requestIdFor(DEVICE, 6) });
    const b = writeRequest({ ...spec, requestId: requestIdFor(DEVICE, 6) });
    const c = writeRequest({ ...spec, requestId: requestIdFor(DEVICE, 7) });
    const bodyText = (xml: string) => /<sr:Body>.*<\/sr:Body>/.exec(xml)?.[0];
    assert.equal(a, b);
    assert.notEqual(bodyText(a), bodyText(c));
  });

  it('are flagged unsigned by the reader when asked to leave the signature out', () => {
    const xml = writeRequest({
      requestId: requestIdFor(DEVICE, 8),
      srv: '11.2',
      commandVariant: 1,
      signed: false,
      schemaVersion: '5.1',
    });
    const message = readDuisMessage(xml);
    assert.deepEqual(message.flags, ['unsigned']);
    assert.equal(message.schemaVersion, '5.1');
  });
});

describe('the writer refuses', () => {
  const refused = (pattern: RegExp) => (error: unknown) =>
    isSatviewError(error, 'duisWriteInvalid') && pattern.test(error.message);
  const requestId = requestIdFor(DEVICE, 9);

  it('an SRV the catalogue does not know', () => {
    assert.throws(
      () => writeRequest({ requestId, srv: '99.9', commandVariant: 1 }),
      refused(/'99.9' is not in the catalogue/),
    );
  });

  it('a Command Variant the SRV does not permit', () => {
    assert.throws(
      () => writeRequest({ requestId, srv: '4.1.1', commandVariant: 4 }),
      refused(/4.1.1 does not permit Command Variant 4/),
    );
  });

  it('an execution time on an SRV that cannot be future-dated, signed leg or not', () => {
    for (const commandVariant of [4, 5]) {
      assert.throws(
        () =>
          writeRequest({
            requestId,
            srv: '1.5',
            commandVariant,
            executionAt: LATER,
          }),
        refused(/cannot carry an ExecutionDateTime/),
      );
    }
  });

  it('a value XML cannot carry', () => {
    assert.throws(
      () =>
        writeRequest({
          requestId,
          srv: '3.1',
          commandVariant: 1,
          values: () => 'bell\u0007',
        }),
      refused(/character XML cannot carry/),
    );
  });

  it('a DCC Alert about a device without an event to carry it', () => {
    assert.throws(
      () =>
        writeDccAlert({
          userId: USER,
          dccId: DCC,
          counter: 1,
          code: 'N12',
          at: AT,
          deviceId: DEVICE,
        }),
      refused(/needs an event/),
    );
  });
});

describe('written responses and alerts', () => {
  const requestId = requestIdFor(DEVICE, 1712000000123);
  const responseId = parseRequestId(`${DEVICE}:${USER}:1712000000123`);

  it('an I99 acknowledgement is read as an acknowledgement of its request', () => {
    const message = readDuisMessage(
      writeAcknowledgement({ requestId, srv: '1.1.1', at: AT }),
    );
    assert.equal(message.kind, 'acknowledgement');
    assert.equal(message.responseCode, 'I99');
    assert.equal(message.responseAt, AT);
    assert.deepEqual(message.requestId, requestId);
    assert.equal(message.srv, '1.1.1');
  });

  it('a Service Response carries a GBCS payload, a PreCommand or nothing', () => {
    const cases = [
      ['gbcs', 'GBCSPayload'],
      ['precommand', 'PreCommand'],
      ['none', null],
    ] as const;
    for (const [kind, element] of cases) {
      const xml = writeResponse({
        requestId,
        responseId,
        srv: '1.1.1',
        responseCode: kind === 'none' ? 'E65' : 'I0',
        at: AT,
        payload: { kind, base64: 'QUJDRA==' },
      });
      const message = readDuisMessage(xml);
      assert.equal(message.kind, 'response', kind);
      assert.equal(message.payloadElement, element, kind);
      assert.deepEqual(message.responseId, responseId, kind);
      assert.equal(xml.includes('QUJDRA=='), kind !== 'none', kind);
    }
  });

  it('a future-dated alert says 8F66 when actioned and 8F67 when not', () => {
    for (const actioned of [true, false]) {
      const message = readDuisMessage(
        writeFutureDatedAlert({
          requestId,
          responseId,
          srv: '1.1.1',
          actioned,
          at: LATER,
        }),
      );
      assert.equal(message.kind, 'device-alert');
      assert.equal(message.alertCode, actioned ? '8F66' : '8F67');
      assert.equal(message.srv, '1.1.1');
      assert.equal(message.deviceId, parseEui64(DEVICE));
    }
  });

  it('a Device Alert names its device and the user it is for', () => {
    const message = readDuisMessage(
      writeDeviceAlert({
        deviceId: DEVICE,
        userId: USER,
        counter: 42n,
        alertCode: '8f35',
        at: AT,
      }),
    );
    assert.equal(message.kind, 'device-alert');
    assert.equal(message.alertCode, '8F35');
    assert.equal(message.deviceId, parseEui64(DEVICE));
    assert.equal(message.userId, parseEui64(USER));
    assert.equal(message.responseId?.counter, '42');
  });

  it('a DCC Alert of every modelled event is read with its code and event', () => {
    for (const event of dccAlertEventNames()) {
      const carriesDevice =
        event !== 'QuarantinedRequest' && event !== 'DUISVersionMismatch';
      const message = readDuisMessage(
        writeDccAlert({
          userId: USER,
          dccId: DCC,
          counter: 7,
          code: 'N12',
          at: AT,
          event,
          ...(carriesDevice ? { deviceId: DEVICE } : {}),
        }),
      );
      assert.equal(message.kind, 'dcc-alert', event);
      assert.equal(message.alertCode, 'N12', event);
      assert.equal(message.payloadElement, event, event);
      assert.equal(message.userId, parseEui64(USER), event);
      assert.equal(
        message.deviceId,
        carriesDevice ? parseEui64(DEVICE) : null,
        event,
      );
    }
  });
});
