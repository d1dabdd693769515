// The leak test: every leaf of every message satview can write holds a
// unique marker; a viewer who is not the sender must see exactly the markers
// planted in allowlisted leaves, and the sender must see all of them. The
// second half proves the test can fail: a marker on the allowlist that went
// missing would fail it as surely as a confidential one that showed.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { parseRequestId, type RequestId } from '../domain/request-id.ts';
import type { RecordKind } from '../domain/sat-record.ts';
import { allSrvs, isSignedLeg } from '../domain/srv-catalogue.ts';
import { readDuisMessage } from '../duis/duis-reader.ts';
import {
  type ChoiceSource,
  writeDccAlert,
  writeDeviceAlert,
  writeFutureDatedAlert,
  writeRequest,
  writeResponse,
} from '../duis/duis-writer.ts';
import {
  dccAlertEventNames,
  type ElementShape,
  findSrvBody,
} from '../duis/srv-bodies.ts';
import type { ValueSource } from '../duis/value-generator.ts';
import {
  childElement,
  parseXmlTree,
  type XmlElement,
} from '../duis/xml-tree.ts';
import { isAllowlisted, withholdPayload } from './payload-withholding.ts';

const USER = '90-B3-D5-1F-30-01-00-00';
const DEVICE = '00-DB-12-34-56-78-90-A0';
const DCC = '90-B3-D5-1F-30-00-00-02';
const EXECUTION_AT = Date.UTC(2031, 1, 3, 4, 5, 6, 789);
const EXECUTION_TEXT = '2031-02-03T04:05:06.789Z';

/** One planted marker and where it went. */
interface Planted {
  readonly marker: string;
  readonly path: string;
  readonly allowed: boolean;
}

/** Markers: 16 alphanumeric characters, so also valid base64. */
class MarkerField {
  private counter = 0;
  readonly planted: Planted[] = [];

  /** A value source planting a fresh marker in every leaf. */
  source(srv: string | null): ValueSource {
    return (path) => this.plant(path, isAllowlisted(srv, path));
  }

  plant(path: string, allowed: boolean): string {
    const marker = `SVMK${String(++this.counter).padStart(8, '0')}QZXW`;
    this.planted.push({ marker, path, allowed });
    return marker;
  }

  take(): Planted[] {
    return this.planted.splice(0);
  }
}

interface Tally {
  messages: number;
  withheldMarkers: number;
  shownMarkers: number;
}
const tally: Tally = { messages: 0, withheldMarkers: 0, shownMarkers: 0 };

interface Context {
  readonly kind: RecordKind;
  readonly srv: string | null;
  readonly payloadElement: string | null;
  readonly alertCode: string | null;
}

/** Checks one message for a non-sender and for the sender. */
function checkMessage(
  xml: string,
  context: Context,
  planted: readonly Planted[],
  alsoShown: readonly string[] = [],
): void {
  const where = `${context.kind} ${context.srv ?? ''} ${context.payloadElement}`;
  const other = JSON.stringify(withholdPayload(xml, context, false).payload);
  const own = JSON.stringify(withholdPayload(xml, context, true).payload);
  for (const { marker, path, allowed } of planted) {
    assert.equal(other.includes(marker), allowed, `${where}: ${path}`);
    assert.ok(own.includes(marker), `${where}: the sender sees ${path}`);
    if (allowed) tally.shownMarkers++;
    else tally.withheldMarkers++;
  }
  for (const text of alsoShown) {
    assert.ok(other.includes(text), `${where}: ${text} is shown`);
  }
  tally.messages++;
}

/** How many rounds it takes to pick every alternative of every choice. */
function choiceRounds(shape: ElementShape): number {
  let rounds = 1;
  for (const options of shape.choices ?? []) {
    rounds = Math.max(rounds, options.length);
  }
  for (const child of shape.children ?? []) {
    rounds = Math.max(rounds, choiceRounds(child));
  }
  return rounds;
}

function roundChooser(round: number): ChoiceSource {
  return (_path, options) => options[round % options.length]!;
}

function requestId(target: string, counter: number): RequestId {
  return parseRequestId(`${USER}:${target}:${counter}`);
}

describe('no confidential payload reaches a viewer who is not the sender', () => {
  const field = new MarkerField();

  it('in a request of any SRV and any Command Variant, every choice taken', () => {
    let counter = 0;
    for (const srv of allSrvs()) {
      const shape = findSrvBody(srv.srv)!.shape;
      const future = shape.children?.[0]?.name === 'ExecutionDateTime';
      for (const cv of srv.commandVariants) {
        const signed = isSignedLeg(cv);
        const rounds = signed ? 1 : choiceRounds(shape);
        for (let round = 0; round < rounds; round++) {
          const executionAt = future ? EXECUTION_AT : null;
          const xml = writeRequest({
            requestId: requestId(srv.nonDevice ? DCC : DEVICE, ++counter),
            srv: srv.srv,
            commandVariant: cv,
            executionAt,
            values: field.source(srv.srv),
            choose: roundChooser(round),
          });
          const payloadElement = signed ? 'SignedPreCommand' : srv.bodyElement;
          checkMessage(
            xml,
            { kind: 'request', srv: srv.srv, payloadElement, alertCode: null },
            field.take(),
            executionAt === null ? [] : [EXECUTION_TEXT],
          );
        }
      }
    }
  });

  it('in a Service Response with a GBCS payload or a PreCommand', () => {
    for (const srv of allSrvs()) {
      for (const kind of ['gbcs', 'precommand'] as const) {
        const path =
          kind === 'gbcs'
            ? 'ResponseMessage/GBCSPayload'
            : 'ResponseMessage/PreCommand/GBCSPayload';
        const base64 = field.plant(path, false);
        const xml = writeResponse({
          requestId: requestId(DEVICE, 1),
          srv: srv.srv,
          responseCode: 'I0',
          at: EXECUTION_AT,
          payload: { kind, base64 },
        });
        const payloadElement = kind === 'gbcs' ? 'GBCSPayload' : 'PreCommand';
        checkMessage(
          xml,
          { kind: 'response', srv: srv.srv, payloadElement, alertCode: null },
          field.take(),
          [`"ServiceReferenceVariant":"${srv.srv}"`],
        );
      }
    }
  });

  it('in future-dated execution alerts and Device Alerts', () => {
    for (const actioned of [true, false]) {
      const base64 = field.plant(
        'ResponseMessage/FutureDatedDeviceAlertMessage/GBCSPayload',
        false,
      );
      const code = actioned ? '8F66' : '8F67';
      const xml = writeFutureDatedAlert({
        requestId: requestId(DEVICE, 2),
        responseId: parseRequestId(`${DEVICE}:${USER}:2`),
        srv: '1.1.1',
        actioned,
        at: EXECUTION_AT,
        base64,
      });
      const context = {
        kind: 'device-alert',
        srv: '1.1.1',
        payloadElement: 'FutureDatedDeviceAlertMessage',
        alertCode: code,
      } as const;
      checkMessage(xml, context, field.take(), [`"${code}"`]);
    }
    for (const alertCode of ['8F35', '8F0F', '8002']) {
      const base64 = field.plant('DeviceAlertMessage/GBCSPayload', false);
      const xml = writeDeviceAlert({
        deviceId: DEVICE,
        userId: USER,
        counter: 3,
        alertCode,
        at: EXECUTION_AT,
        base64,
      });
      const context = {
        kind: 'device-alert',
        srv: null,
        payloadElement: 'DeviceAlertMessage',
        alertCode,
      } as const;
      checkMessage(xml, context, field.take(), [`"${alertCode}"`]);
    }
  });

  it('in DCC Alerts of every modelled event', () => {
    for (const event of dccAlertEventNames()) {
      const xml = writeDccAlert({
        userId: USER,
        dccId: DCC,
        counter: 4,
        code: 'N42',
        at: EXECUTION_AT,
        event,
        values: field.source(null),
      });
      const context = {
        kind: 'dcc-alert',
        srv: null,
        payloadElement: event,
        alertCode: 'N42',
      } as const;
      const planted = field.take();
      assert.ok(planted.length >= 2, `${event} has leaves`);
      checkMessage(xml, context, planted, ['"N42"']);
    }
  });

  it('showed allowlisted markers and withheld confidential ones in every group', (t) => {
    t.diagnostic(
      `${tally.messages} messages, ${tally.withheldMarkers} confidential ` +
        `markers withheld, ${tally.shownMarkers} allowlisted markers shown`,
    );
    assert.ok(tally.messages > 500, `${tally.messages} messages`);
    assert.ok(tally.shownMarkers > 100, `${tally.shownMarkers} shown`);
    assert.ok(
      tally.withheldMarkers > 1000,
      `${tally.withheldMarkers} withheld`,
    );
  });
});

// ---------------------------------------------------------------------------
// The real RTDS templates, with their own values rather than markers.

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEMPLATES = join(
  PROJECT_ROOT,
  '../shared/fixtures/duis/duis-templates/templates',
);
const SR = 'http://www.dccinterface.co.uk/ServiceUserGateway';

/** [path, value] of every leaf and attribute of a body element. */
function leafValues(element: XmlElement, base = ''): [string, string][] {
  const path = base === '' ? element.name : `${base}/${element.name}`;
  const out: [string, string][] = Object.entries(element.attributes).map(
    ([name, value]) => [`${path}/@${name}`, value],
  );
  if (element.children.length === 0) out.push([path, element.text.trim()]);
  for (const child of element.children) out.push(...leafValues(child, path));
  return out;
}

describe(
  'no confidential value of an RTDS template reaches a viewer who is not the sender',
  existsSync(TEMPLATES)
    ? {}
    : {
        skip:
          'the third-party DUIS corpus is not beside the project ' +
          `(looked for ${TEMPLATES})`,
      },
  () => {
    it('withholds every distinctive value the allowlist does not name', (t) => {
      let checked = 0;
      const leaks: string[] = [];
      for (const file of readdirSync(TEMPLATES).filter((f) =>
        f.endsWith('.XML'),
      )) {
        const xml = readFileSync(join(TEMPLATES, file), 'utf8');
        const message = readDuisMessage(xml);
        const body = childElement(parseXmlTree(xml), SR, 'Body')!.children[0]!;
        const values = leafValues(body);
        const shownValues = new Set(
          values
            .filter(([path]) => isAllowlisted(message.srv, path))
            .map(([, value]) => value),
        );
        const other = JSON.stringify(
          withholdPayload(xml, message, false).payload,
        );
        for (const [path, value] of values) {
          // Short values (1, true, GBP) occur everywhere by chance.
          if (value.length < 6 || shownValues.has(value)) continue;
          checked++;
          if (other.includes(JSON.stringify(value)))
            leaks.push(`${file}: ${path}`);
        }
      }
      t.diagnostic(`${checked} template values checked`);
      assert.deepEqual(leaks, []);
      assert.ok(checked > 500, `${checked} values checked`);
    });
  },
);
