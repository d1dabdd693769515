import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import type { ParsedMessage } from '../domain/sat-record.ts';
import {
  allSrvs,
  isSignedLeg,
  type SrvDefinition,
} from '../domain/srv-catalogue.ts';
import { SatviewError } from '../errors/satview-error.ts';
import { readDuisMessage } from './duis-reader.ts';

const TESTDATA = new URL('./testdata/', import.meta.url);

/** One of our own test messages, as text. */
function message(name: string): string {
  return readFileSync(new URL(name, TESTDATA), 'utf8');
}

/** The message with one piece replaced; fails if the piece is absent, so
 * that a refusal test can never pass on an unchanged message. */
function altered(name: string, from: string, to: string): string {
  return rewritten(message(name), from, to, name);
}

/** The text with one piece replaced; fails if the piece is absent. */
function rewritten(text: string, from: string, to: string, what = 'it') {
  assert.ok(text.includes(from), `${what} should contain ${from}`);
  return text.replace(from, to);
}

/** An assert.throws matcher: this error code and a message naming it. */
function refusal(code: string, reason: RegExp) {
  return (error: unknown): true => {
    assert.ok(error instanceof SatviewError, `not a SatviewError: ${error}`);
    assert.equal(error.code, code);
    assert.match(error.message, reason);
    return true;
  };
}

/** The 1-based line on which `part` first occurs in `text`. */
function lineOf(text: string, part: string): number {
  return text.slice(0, text.indexOf(part)).split('\n').length;
}

const DUIS_URI = 'http://www.dccinterface.co.uk/ServiceUserGateway';
const REFUSED = 'SV_DUIS_REFUSED';
const UNSAFE = 'SV_DUIS_UNSAFE';
const TOO_LARGE = 'SV_DUIS_TOO_LARGE';

const USER = 'aa00000000000101';
const DEVICE = '0a0b0c0d0e0f1011';

/** What a test expects: ParsedMessage's fields, with plain strings where
 * the reader answers branded EUI-64s. */
type ExpectedMessage = { readonly [K in keyof ParsedMessage]: unknown };

/** The fields every message kind leaves empty unless it sets them. */
const NOTHING: ExpectedMessage = {
  kind: 'request',
  schemaVersion: '5.4',
  requestId: null,
  responseId: null,
  precedingRequestId: null,
  srv: null,
  serviceReference: null,
  commandVariant: null,
  responseCode: null,
  responseAt: null,
  executionAt: null,
  alertCode: null,
  payloadElement: null,
  deviceId: null,
  userId: null,
  flags: [],
};

function id(originator: string, target: string, counter: string) {
  return { originator, target, counter };
}

describe('reading Service Requests', () => {
  it('reads a CV 1 request: its user, device, SRV and body element', () => {
    assert.deepEqual(readDuisMessage(message('cv1-request.xml')), {
      ...NOTHING,
      requestId: id(USER, DEVICE, '1712000000123'),
      srv: '11.2',
      serviceReference: '11.2',
      commandVariant: 1,
      payloadElement: 'ReadFirmwareVersion',
      deviceId: DEVICE,
      userId: USER,
    });
  });

  it('reads the execution time and predecessor of a CV 4 critical request', () => {
    assert.deepEqual(
      readDuisMessage(message('cv4-critical-future-dated.xml')),
      {
        ...NOTHING,
        schemaVersion: '5.3',
        requestId: id(USER, DEVICE, '1712000000200'),
        precedingRequestId: id(USER, DEVICE, '1712000000199'),
        srv: '11.3',
        serviceReference: '11.3',
        commandVariant: 4,
        executionAt: Date.UTC(2031, 2, 2, 4, 5, 6, 500),
        payloadElement: 'ActivateFirmware',
        deviceId: DEVICE,
        userId: USER,
      },
    );
  });

  it('reads a CV 5 SignedPreCommand and its zoned execution time', () => {
    assert.deepEqual(readDuisMessage(message('cv5-signed-pre-command.xml')), {
      ...NOTHING,
      requestId: id(USER, DEVICE, '1712000000200'),
      srv: '11.3',
      serviceReference: '11.3',
      commandVariant: 5,
      executionAt: Date.UTC(2031, 2, 2, 4, 5, 6),
      payloadElement: 'SignedPreCommand',
      deviceId: DEVICE,
      userId: USER,
    });
  });

  it('takes the device of a CV 8 non-device request from its body', () => {
    assert.deepEqual(readDuisMessage(message('cv8-non-device.xml')), {
      ...NOTHING,
      requestId: id(USER, 'dcc0000000000001', '1712000000300'),
      srv: '8.3',
      serviceReference: '8.3',
      commandVariant: 8,
      payloadElement: 'DecommissionDevice',
      deviceId: '0a0b0c0d0e0f1022',
      userId: USER,
    });
  });

  it('gives no device to a non-device request whose body names none', () => {
    const xml = altered(
      'cv8-non-device.xml',
      '<sr:DeviceID>0a-0b-0c-0d-0e-0f-10-22</sr:DeviceID>',
      '',
    );
    assert.equal(readDuisMessage(xml).deviceId, null);
  });

  it('reads schema 5.0 under other prefixes', () => {
    const parsed = readDuisMessage(message('schema50-other-prefix.xml'));
    assert.equal(parsed.schemaVersion, '5.0');
    assert.equal(parsed.srv, '4.1.1');
    assert.equal(parsed.commandVariant, 2);
    assert.equal(parsed.userId, 'aa00000000000102');
    assert.deepEqual(parsed.flags, []);
  });

  it('reads DUIS in the default namespace, with the largest counter', () => {
    const parsed = readDuisMessage(message('default-namespace.xml'));
    assert.equal(parsed.schemaVersion, '5.1');
    assert.deepEqual(
      parsed.requestId,
      id('aa00000000000103', DEVICE, '18446744073709551615'),
    );
    assert.equal(parsed.commandVariant, 3);
    assert.equal(parsed.payloadElement, 'ReadFirmwareVersion');
    assert.deepEqual(parsed.flags, ['signature-without-serial']);
  });

  it('flags a request without a ds:Signature as unsigned', () => {
    const text = message('cv1-request.xml');
    const unsigned = text.replace(/<ds:Signature>[^]*<\/ds:Signature>/, '');
    assert.notEqual(unsigned, text);
    assert.deepEqual(readDuisMessage(unsigned).flags, ['unsigned']);
  });

  it('accepts an SRV the catalogue does not know, flagged unknown-srv', () => {
    const xml = altered(
      'cv1-request.xml',
      '<sr:ServiceReference>11.2</sr:ServiceReference>\n' +
        '    <sr:ServiceReferenceVariant>11.2</sr:ServiceReferenceVariant>',
      '<sr:ServiceReference>99</sr:ServiceReference>\n' +
        '    <sr:ServiceReferenceVariant>99.9</sr:ServiceReferenceVariant>',
    );
    const parsed = readDuisMessage(xml);
    assert.equal(parsed.srv, '99.9');
    assert.deepEqual(parsed.flags, ['unknown-srv']);
  });

  it('decodes character references such as &#13; and trims text', () => {
    const xml = altered(
      'cv1-request.xml',
      '<sr:RequestID>AA-00',
      '<sr:RequestID>&#13;\n  AA&#x2D;00',
    );
    assert.deepEqual(
      readDuisMessage(xml).requestId,
      id(USER, DEVICE, '1712000000123'),
    );
  });
});

describe('reading the texts of captured elements', () => {
  // The scanner listens for text only while it captures an element; these
  // check that text in every form reaches it, and that text elsewhere
  // does not. Each rewrites the RequestID of the same request, piece by
  // piece.
  const cases: ReadonlyArray<{
    name: string;
    edits: ReadonlyArray<readonly [string, string]>;
  }> = [
    {
      name: 'joins text, CDATA and character references around a comment',
      edits: [
        [
          '<sr:RequestID>AA-00',
          '<sr:RequestID><![CDATA[AA]]><!-- x -->&#x2D;00',
        ],
      ],
    },
    {
      name: 'keeps text between elements out of the fields that follow',
      edits: [
        ['<sr:RequestID>', 'stray <![CDATA[and CDATA]]> &#13;<sr:RequestID>'],
      ],
    },
    {
      name: 'reads a namespace declared on an inner element',
      edits: [
        ['<sr:RequestID>', `<x:RequestID xmlns:x="${DUIS_URI}">`],
        ['</sr:RequestID>', '</x:RequestID>'],
      ],
    },
  ];
  for (const { name, edits } of cases) {
    it(name, () => {
      const xml = edits.reduce(
        (text, [from, to]) => rewritten(text, from, to),
        message('cv1-request.xml'),
      );
      assert.deepEqual(
        readDuisMessage(xml).requestId,
        id(USER, DEVICE, '1712000000123'),
      );
    });
  }
});

describe('reading Service Responses and alerts', () => {
  it('reads an I99 acknowledgement', () => {
    assert.deepEqual(readDuisMessage(message('acknowledgement-i99.xml')), {
      ...NOTHING,
      kind: 'acknowledgement',
      requestId: id(USER, DEVICE, '1712000000123'),
      srv: '11.2',
      serviceReference: '11.2',
      responseCode: 'I99',
      responseAt: Date.UTC(2024, 3, 1, 19, 33, 20, 200),
      deviceId: DEVICE,
      userId: USER,
    });
  });

  it('reads an E65 rejection as a response without payload', () => {
    assert.deepEqual(readDuisMessage(message('rejection-e65.xml')), {
      ...NOTHING,
      kind: 'response',
      schemaVersion: '5.2',
      requestId: id(USER, DEVICE, '1712000000124'),
      srv: '4.1.1',
      serviceReference: '4.1',
      responseCode: 'E65',
      responseAt: Date.UTC(2024, 3, 1, 19, 33, 21),
      deviceId: DEVICE,
      userId: USER,
    });
  });

  it('reads a signed device response whose signature holds &#13;', () => {
    assert.deepEqual(readDuisMessage(message('device-response-gbcs.xml')), {
      ...NOTHING,
      kind: 'response',
      requestId: id(USER, DEVICE, '1712000000123'),
      responseId: id(DEVICE, USER, '1712000000123'),
      srv: '11.2',
      serviceReference: '11.2',
      responseCode: 'I0',
      responseAt: Date.UTC(2024, 3, 1, 19, 33, 42, 790),
      payloadElement: 'GBCSPayload',
      deviceId: DEVICE,
      userId: USER,
    });
  });

  it('flags a device response without a signature as unsigned', () => {
    const text = message('device-response-gbcs.xml');
    const unsigned = text.replace(/<ds:Signature>[^]*<\/ds:Signature>/, '');
    assert.notEqual(unsigned, text);
    assert.deepEqual(readDuisMessage(unsigned).flags, ['unsigned']);
  });

  it('reads a PreCommand response to a CV 4 request', () => {
    const parsed = readDuisMessage(message('pre-command-response.xml'));
    assert.equal(parsed.kind, 'response');
    assert.equal(parsed.payloadElement, 'PreCommand');
    assert.equal(parsed.srv, '11.3');
    assert.equal(parsed.deviceId, DEVICE);
    assert.deepEqual(parsed.flags, []);
  });

  it('reads a FutureDatedDeviceAlertMessage as a device alert', () => {
    const file = 'future-dated-alert-response.xml';
    assert.deepEqual(readDuisMessage(message(file)), {
      ...NOTHING,
      kind: 'device-alert',
      requestId: id(USER, DEVICE, '1712000000200'),
      responseId: id(DEVICE, USER, '1712000000200'),
      srv: '11.3',
      serviceReference: '11.3',
      responseCode: 'I0',
      responseAt: Date.UTC(2031, 2, 2, 4, 5, 9),
      alertCode: '8F66',
      payloadElement: 'FutureDatedDeviceAlertMessage',
      deviceId: DEVICE,
      userId: USER,
    });
  });

  it('reads an 8F35 Device Alert from its Response ID', () => {
    assert.deepEqual(readDuisMessage(message('device-alert-8f35.xml')), {
      ...NOTHING,
      kind: 'device-alert',
      responseId: id(DEVICE, USER, '1712000000999'),
      responseCode: 'I0',
      responseAt: Date.UTC(2024, 3, 2, 3, 4, 5, 6),
      alertCode: '8F35',
      payloadElement: 'DeviceAlertMessage',
      deviceId: DEVICE,
      userId: USER,
    });
  });

  it('reads an N12 DCC Alert about the first device it names', () => {
    assert.deepEqual(readDuisMessage(message('dcc-alert-n12.xml')), {
      ...NOTHING,
      kind: 'dcc-alert',
      responseId: id('dcc0000000000001', USER, '1712000001000'),
      responseCode: 'I0',
      responseAt: Date.UTC(2024, 3, 2, 5, 6, 7, 8),
      alertCode: 'N12',
      payloadElement: 'PowerOutageEvent',
      deviceId: '0a0b0c0d0e0f1044',
      userId: USER,
    });
  });

  it('reads a SMETS1 response', () => {
    const parsed = readDuisMessage(message('smets1-response.xml'));
    assert.equal(parsed.kind, 'smets1-response');
    assert.equal(parsed.srv, '4.1.1');
    assert.equal(parsed.serviceReference, '4.1');
    assert.equal(parsed.deviceId, '0a0b0c0d0e0f1066');
    assert.equal(parsed.userId, USER);
    assert.equal(parsed.payloadElement, 'SMETS1ResponseMessage');
  });

  it('reads a Buffer as UTF-8', () => {
    const parsed = readDuisMessage(
      Buffer.from(message('device-alert-8f35.xml')),
    );
    assert.equal(parsed.alertCode, '8F35');
  });
});

describe('refusing what is not safe DUIS', () => {
  it('refuses a counter above 2^64-1, naming it', () => {
    const xml = altered(
      'default-namespace.xml',
      ':18446744073709551615<',
      ':18446744073709551616<',
    );
    assert.throws(
      () => readDuisMessage(xml),
      refusal(REFUSED, /counter '18446744073709551616'.*64-bit/),
    );
  });

  it('refuses a Request in another namespace, naming the namespace', () => {
    const xml = altered(
      'schema50-other-prefix.xml',
      'xmlns:duis="http://www.dccinterface.co.uk/ServiceUserGateway"',
      'xmlns:duis="urn:example:not-duis"',
    );
    assert.throws(
      () => readDuisMessage(xml),
      refusal(REFUSED, /root element is 'Request' in namespace 'urn:example/),
    );
  });

  it('refuses any DOCTYPE as unsafe, even one without entities', () => {
    const xml = altered(
      'cv1-request.xml',
      '<sr:Request ',
      '<!DOCTYPE sr:Request>\n<sr:Request ',
    );
    assert.throws(() => readDuisMessage(xml), refusal(UNSAFE, /DOCTYPE/));
  });

  it('refuses a DOCTYPE after the root element as unsafe too', () => {
    const xml = message('cv1-request.xml') + '<!DOCTYPE sr:Request>';
    assert.throws(() => readDuisMessage(xml), refusal(UNSAFE, /DOCTYPE/));
  });

  it('refuses entity declarations as unsafe', () => {
    const xml = altered(
      'cv1-request.xml',
      '<sr:Request ',
      '<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>\n<sr:Request ',
    );
    assert.throws(
      () => readDuisMessage(xml),
      refusal(UNSAFE, /DOCTYPE with entity declarations/),
    );
  });

  it('refuses a reference to an undeclared entity as unsafe', () => {
    const xml = altered(
      'device-response-gbcs.xml',
      '<sr:GBCSPayload>',
      '<sr:GBCSPayload>&payload;',
    );
    const line = lineOf(xml, '&payload;');
    assert.throws(
      () => readDuisMessage(xml),
      refusal(
        UNSAFE,
        new RegExp(
          `^line ${line}, column \\d+: reference to an undeclared entity$`,
        ),
      ),
    );
  });

  it('refuses a message over the size limit before parsing it', () => {
    const text = message('cv1-request.xml');
    assert.throws(
      () => readDuisMessage(text, { maxBytes: 1000 }),
      refusal(TOO_LARGE, /is \d+ bytes, over the limit of 1000/),
    );
    assert.throws(
      () => readDuisMessage(Buffer.from('<'.repeat(2000)), { maxBytes: 1000 }),
      refusal(TOO_LARGE, /is 2000 bytes, over the limit of 1000/),
    );
  });

  it('counts the limit in UTF-8 bytes, not characters', () => {
    const text = `<!-- ${'é'.repeat(600)} -->`;
    assert.throws(
      () => readDuisMessage(text, { maxBytes: 1000 }),
      refusal(TOO_LARGE, /is 1209 bytes/),
    );
  });

  it('refuses a Command Variant the SRV does not permit', () => {
    const xml = altered(
      'cv4-critical-future-dated.xml',
      '<sr:CommandVariant>4<',
      '<sr:CommandVariant>1<',
    );
    assert.throws(
      () => readDuisMessage(xml),
      refusal(
        REFUSED,
        /Command Variant 1 is not permitted for SRV 11\.3 \(permitted: 4, 5, 6, 7\)/,
      ),
    );
  });

  it('refuses a body element that is not the SRV’s', () => {
    const xml = altered(
      'cv1-request.xml',
      '<sr:ReadFirmwareVersion/>',
      '<sr:ReadInstantaneousImportRegisters/>',
    );
    assert.throws(
      () => readDuisMessage(xml),
      refusal(
        REFUSED,
        /holds ReadInstantaneousImportRegisters, but SRV 11\.2 needs ReadFirmwareVersion/,
      ),
    );
  });

  it('refuses a SignedPreCommand outside Command Variants 5 to 7', () => {
    const xml = altered(
      'cv5-signed-pre-command.xml',
      '<sr:CommandVariant>5<',
      '<sr:CommandVariant>4<',
    );
    assert.throws(
      () => readDuisMessage(xml),
      refusal(REFUSED, /SignedPreCommand.*CommandVariant is 4/),
    );
  });

  it('refuses a CV 5 request that does not carry a SignedPreCommand', () => {
    const xml = altered(
      'cv4-critical-future-dated.xml',
      '<sr:CommandVariant>4<',
      '<sr:CommandVariant>5<',
    );
    assert.throws(
      () => readDuisMessage(xml),
      refusal(REFUSED, /Command Variant 5 needs a SignedPreCommand body/),
    );
  });

  it('refuses a ServiceReference that is not the SRV’s', () => {
    const request = altered(
      'cv1-request.xml',
      '<sr:ServiceReference>11.2<',
      '<sr:ServiceReference>11.3<',
    );
    assert.throws(
      () => readDuisMessage(request),
      refusal(REFUSED, /ServiceReference '11\.3' does not match SRV 11\.2/),
    );
  });

  it('refuses truncated XML, naming the line', () => {
    const text = message('cv1-request.xml');
    const beforeEnd = text.slice(0, text.indexOf('</sr:Request>'));
    assert.throws(
      () => readDuisMessage(beforeEnd),
      refusal(REFUSED, /^line \d+, column \d+: unclosed tag: sr:Request$/),
    );
    const inHeader = text.slice(0, text.indexOf('<sr:CommandVariant>'));
    const lastLine = inHeader.split('\n').length;
    assert.throws(
      () => readDuisMessage(inHeader),
      refusal(
        REFUSED,
        new RegExp(`^line ${lastLine}, column \\d+: unclosed tag: sr:Header$`),
      ),
    );
  });

  it('refuses a RequestID with an empty target, naming it', () => {
    const xml = altered('cv1-request.xml', ':0A-0B-0C-0D-0E-0F-10-11:', '::');
    assert.throws(
      () => readDuisMessage(xml),
      refusal(
        REFUSED,
        /^RequestID 'AA-00-00-00-00-00-01-01::1712000000123' has an empty target$/,
      ),
    );
  });

  it('refuses a header without a CommandVariant', () => {
    const xml = altered(
      'cv1-request.xml',
      '<sr:CommandVariant>1</sr:CommandVariant>',
      '',
    );
    assert.throws(
      () => readDuisMessage(xml),
      refusal(REFUSED, /^sr:Header has no CommandVariant$/),
    );
  });

  it('refuses an unsupported or missing schemaVersion, naming it', () => {
    const newer = altered(
      'cv1-request.xml',
      'schemaVersion="5.4"',
      'schemaVersion="6.0"',
    );
    assert.throws(
      () => readDuisMessage(newer),
      refusal(REFUSED, /schemaVersion '6\.0' is not supported/),
    );
    const none = altered('cv1-request.xml', 'schemaVersion="5.4"', '');
    assert.throws(
      () => readDuisMessage(none),
      refusal(REFUSED, /sr:Request has no schemaVersion attribute/),
    );
  });

  it('refuses a response without a ResponseDateTime', () => {
    const xml = altered(
      'acknowledgement-i99.xml',
      '<sr:ResponseDateTime>2024-04-01T19:33:20.200Z</sr:ResponseDateTime>',
      '',
    );
    assert.throws(
      () => readDuisMessage(xml),
      refusal(REFUSED, /^sr:Header has no ResponseDateTime$/),
    );
  });

  it('refuses a response with neither RequestID nor ResponseID', () => {
    const xml = altered(
      'device-alert-8f35.xml',
      '<sr:ResponseID>0A-0B-0C-0D-0E-0F-10-11:AA-00-00-00-00-00-01-01:1712000000999</sr:ResponseID>',
      '',
    );
    assert.throws(
      () => readDuisMessage(xml),
      refusal(REFUSED, /neither a RequestID nor a ResponseID/),
    );
  });

  it('refuses a Body with two children', () => {
    const xml = altered(
      'cv1-request.xml',
      '<sr:ReadFirmwareVersion/>',
      '<sr:ReadFirmwareVersion/><sr:ReadFirmwareVersion/>',
    );
    assert.throws(
      () => readDuisMessage(xml),
      refusal(REFUSED, /sr:Body holds 2 elements/),
    );
  });

  it('refuses an element whose prefix is not declared', () => {
    const xml = altered(
      'cv1-request.xml',
      '<sr:ReadFirmwareVersion/>',
      '<zz:ReadFirmwareVersion/>',
    );
    assert.throws(
      () => readDuisMessage(xml),
      refusal(REFUSED, /prefix of <zz:ReadFirmwareVersion> is not declared/),
    );
  });

  it('refuses a bad ExecutionDateTime, naming the value', () => {
    const xml = altered(
      'cv4-critical-future-dated.xml',
      '2031-03-02T04:05:06.500Z',
      '2031-02-30T04:05:06Z',
    );
    assert.throws(
      () => readDuisMessage(xml),
      refusal(
        REFUSED,
        /ExecutionDateTime '2031-02-30T04:05:06Z' is not an xs:dateTime/,
      ),
    );
  });

  it('reads the next message normally after a refusal', () => {
    const text = message('cv1-request.xml');
    assert.throws(() => readDuisMessage(text.slice(0, 300)), SatviewError);
    assert.equal(readDuisMessage(text).srv, '11.2');
  });
});

// Generated messages: random prefixes (the default namespace included),
// whitespace, SRVs and Command Variants from the catalogue, EUIs in either
// case and counters up to 2^64-1. Each field read must be the one written.

const DSIG_URI = 'http://www.w3.org/2000/09/xmldsig#';

interface GeneratedEui {
  readonly hex: string;
  readonly upper: boolean;
}

interface GeneratedId {
  readonly originator: GeneratedEui;
  readonly target: GeneratedEui;
  readonly counter: bigint;
}

interface GeneratedTime {
  readonly ms: number;
  /** Minutes east of UTC, or 'Z'. */
  readonly zone: number | 'Z';
}

/** How a message spells its names and spaces its elements. */
interface Spelling {
  readonly sr: string;
  readonly ds: string;
  /** Declare the signature namespace on ds:Signature, not on the root. */
  readonly dsOnSignature: boolean;
  readonly xsi: boolean;
  readonly gaps: readonly string[];
}

type SignatureShape = 'none' | 'serial' | 'no-serial';

const euiArb: fc.Arbitrary<GeneratedEui> = fc.record({
  hex: fc.stringMatching(/^[0-9a-f]{16}$/),
  upper: fc.boolean(),
});

const idArb: fc.Arbitrary<GeneratedId> = fc.record({
  originator: euiArb,
  target: euiArb,
  counter: fc.oneof(
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    fc.constantFrom(0n, 2n ** 64n - 1n),
  ),
});

const timeArb: fc.Arbitrary<GeneratedTime> = fc.record({
  ms: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }),
  zone: fc.constantFrom<number | 'Z'>('Z', 0, 60, -300, 330, 840, -720),
});

const prefixArb = fc.oneof(
  fc.constant(''),
  fc.constantFrom('sr', 'ds', 'duis', 'ns3'),
  fc.stringMatching(/^[a-wyz][a-z0-9]{0,5}$/),
);

const spellingArb: fc.Arbitrary<Spelling> = fc
  .record({
    sr: prefixArb,
    ds: prefixArb,
    dsOnSignature: fc.boolean(),
    xsi: fc.boolean(),
    gaps: fc.array(fc.constantFrom('', ' ', '\n', '\n  ', '\t', '\r\n    '), {
      minLength: 8,
      maxLength: 8,
    }),
  })
  // One prefix cannot name both namespaces in the same scope.
  .filter((s) => s.dsOnSignature || s.sr !== s.ds);

const signatureArb = fc.constantFrom<SignatureShape>(
  'none',
  'serial',
  'no-serial',
);

function writeEui({ hex, upper }: GeneratedEui): string {
  const pairs = hex.match(/../g)!.join('-');
  return upper ? pairs.toUpperCase() : pairs;
}

function writeId(id: GeneratedId): string {
  return `${writeEui(id.originator)}:${writeEui(id.target)}:${id.counter}`;
}

function expectId(id: GeneratedId | undefined) {
  if (id === undefined) return null;
  return {
    originator: id.originator.hex,
    target: id.target.hex,
    counter: String(id.counter),
  };
}

function writeTime({ ms, zone }: GeneratedTime): string {
  if (zone === 'Z') return new Date(ms).toISOString();
  const local = new Date(ms + zone * 60_000).toISOString().slice(0, -1);
  const size = Math.abs(zone);
  const hh = String(Math.floor(size / 60)).padStart(2, '0');
  const mm = String(size % 60).padStart(2, '0');
  return `${local}${zone < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** Writes elements in one spelling; gaps cycle through the spelling's. */
class XmlWriter {
  private gapIndex = 0;
  constructor(private readonly spelling: Spelling) {}

  gap(): string {
    const { gaps } = this.spelling;
    return gaps[this.gapIndex++ % gaps.length]!;
  }

  name(prefix: string, local: string): string {
    return prefix === '' ? local : `${prefix}:${local}`;
  }

  /** A DUIS element holding text or other elements. */
  el(local: string, content = '', attributes = ''): string {
    const name = this.name(this.spelling.sr, local);
    if (content === '') return `<${name}${attributes}/>${this.gap()}`;
    return `<${name}${attributes}>${content}</${name}>${this.gap()}`;
  }

  /** A text field, with random space around its value. */
  text(local: string, value: string): string {
    return this.el(local, `${this.gap()}${value}${this.gap()}`);
  }

  nsDeclaration(prefix: string, uri: string): string {
    return prefix === '' ? ` xmlns="${uri}"` : ` xmlns:${prefix}="${uri}"`;
  }

  root(local: string, schema: string, content: string): string {
    const { sr, ds, dsOnSignature, xsi } = this.spelling;
    let attributes = ` schemaVersion="${schema}"`;
    if (xsi) {
      attributes += ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
    }
    attributes += this.nsDeclaration(sr, DUIS_URI);
    if (!dsOnSignature) attributes += this.nsDeclaration(ds, DSIG_URI);
    return (
      `<?xml version="1.0" encoding="UTF-8"?>${this.gap()}` +
      this.el(local, this.gap() + content, attributes)
    );
  }

  signature(shape: SignatureShape): string {
    if (shape === 'none') return '';
    const { ds, dsOnSignature } = this.spelling;
    const n = (local: string) => this.name(ds, local);
    const serial =
      shape === 'serial'
        ? `<${n('X509SerialNumber')}>42</${n('X509SerialNumber')}>`
        : '';
    const declaration = dsOnSignature ? this.nsDeclaration(ds, DSIG_URI) : '';
    return (
      `<${n('Signature')}${declaration}>${this.gap()}` +
      `<${n('SignatureValue')}>c2F0&#13;\ndmlldw==</${n('SignatureValue')}>` +
      `<${n('KeyInfo')}><${n('X509Data')}><${n('X509IssuerSerial')}>` +
      `<${n('X509IssuerName')}>CN=T</${n('X509IssuerName')}>${serial}` +
      `</${n('X509IssuerSerial')}></${n('X509Data')}></${n('KeyInfo')}>` +
      `</${n('Signature')}>`
    );
  }
}

function signatureFlagsOf(shape: SignatureShape, expectSigned: boolean) {
  if (shape === 'none') return expectSigned ? ['unsigned'] : [];
  return shape === 'no-serial' ? ['signature-without-serial'] : [];
}

interface GeneratedRequest {
  readonly spelling: Spelling;
  readonly schema: string;
  readonly srv: SrvDefinition;
  readonly cv: number;
  readonly requestId: GeneratedId;
  readonly first: boolean | undefined;
  readonly preceding: GeneratedId | undefined;
  readonly execution: GeneratedTime | undefined;
  readonly bodyDeviceId: GeneratedEui | undefined;
  readonly signature: SignatureShape;
}

const schemaArb = fc.constantFrom('5.0', '5.1', '5.2', '5.3', '5.4');

const srvAndCvArb = fc.constantFrom(...allSrvs()).chain((srv) =>
  fc.record({
    srv: fc.constant(srv),
    cv: fc.constantFrom(...srv.commandVariants),
  }),
);

const requestArb: fc.Arbitrary<GeneratedRequest> = fc
  .record({
    spelling: spellingArb,
    schema: schemaArb,
    srvAndCv: srvAndCvArb,
    requestId: idArb,
    first: fc.option(fc.boolean(), { nil: undefined }),
    preceding: fc.option(idArb, { nil: undefined }),
    execution: fc.option(timeArb, { nil: undefined }),
    bodyDeviceId: fc.option(euiArb, { nil: undefined }),
    signature: signatureArb,
  })
  .map(({ srvAndCv, ...rest }) => ({ ...rest, ...srvAndCv }));

function writeRequest(r: GeneratedRequest): string {
  const w = new XmlWriter(r.spelling);
  const header =
    w.text('RequestID', writeId(r.requestId)) +
    (r.first === undefined ? '' : w.text('FirstInSequence', `${r.first}`)) +
    (r.preceding === undefined
      ? ''
      : w.text('PrecedingServiceRequestID', writeId(r.preceding))) +
    w.text('CommandVariant', `${r.cv}`) +
    w.text('ServiceReference', r.srv.serviceReference) +
    w.text('ServiceReferenceVariant', r.srv.srv);
  const execution =
    r.execution === undefined
      ? ''
      : w.text('ExecutionDateTime', writeTime(r.execution));
  const body = isSignedLeg(r.cv)
    ? w.el('SignedPreCommand', execution + w.text('GBCSPayload', 'AAEC'))
    : w.el(
        r.srv.bodyElement,
        execution +
          (r.bodyDeviceId === undefined
            ? ''
            : w.el('Target', w.text('DeviceID', writeEui(r.bodyDeviceId)))),
      );
  return w.root(
    'Request',
    r.schema,
    w.el('Header', header) + w.el('Body', body) + w.signature(r.signature),
  );
}

function expectRequest(r: GeneratedRequest): ExpectedMessage {
  const requestId = expectId(r.requestId)!;
  return {
    ...NOTHING,
    schemaVersion: r.schema,
    requestId,
    precedingRequestId: expectId(r.preceding),
    srv: r.srv.srv,
    serviceReference: r.srv.serviceReference,
    commandVariant: r.cv,
    executionAt: r.execution?.ms ?? null,
    payloadElement: isSignedLeg(r.cv) ? 'SignedPreCommand' : r.srv.bodyElement,
    deviceId: r.srv.nonDevice
      ? (r.bodyDeviceId?.hex ?? null)
      : requestId.target,
    userId: requestId.originator,
    flags: signatureFlagsOf(r.signature, true),
  };
}

type GeneratedBody =
  | {
      readonly type: 'message';
      readonly srv: SrvDefinition;
      readonly code: string;
      readonly payload: string | undefined;
      readonly futureAlertCode: string;
      readonly bodyDeviceId: GeneratedEui | undefined;
    }
  | {
      readonly type: 'device-alert';
      readonly alertCode: string;
    }
  | {
      readonly type: 'dcc-alert';
      readonly alertCode: string;
      readonly event: string;
      readonly bodyDeviceId: GeneratedEui | undefined;
    };

interface GeneratedResponse {
  readonly spelling: Spelling;
  readonly schema: string;
  readonly requestId: GeneratedId | undefined;
  readonly responseId: GeneratedId | undefined;
  readonly time: GeneratedTime;
  readonly body: GeneratedBody;
  readonly signature: SignatureShape;
}

const bodyArb: fc.Arbitrary<GeneratedBody> = fc.oneof(
  fc.record({
    type: fc.constant('message' as const),
    srv: fc.constantFrom(...allSrvs()),
    code: fc.constantFrom('I0', 'I99', 'E65', 'E120207', 'W050201'),
    payload: fc.option(
      fc.constantFrom(
        'GBCSPayload',
        'PreCommand',
        'DSPInventory',
        'FutureDatedDeviceAlertMessage',
      ),
      { nil: undefined },
    ),
    futureAlertCode: fc.constantFrom('8F66', '8f67'),
    bodyDeviceId: fc.option(euiArb, { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('device-alert' as const),
    alertCode: fc.stringMatching(/^[0-9A-F]{4}$/),
  }),
  fc.record({
    type: fc.constant('dcc-alert' as const),
    alertCode: fc.constantFrom('N12', 'AD1', 'N999', 'N1'),
    event: fc.constantFrom(
      'PowerOutageEvent',
      'DeviceStatusChangeEvent',
      'CommandFailure',
    ),
    bodyDeviceId: fc.option(euiArb, { nil: undefined }),
  }),
);

const responseIdsArb = fc.oneof(
  fc.record({
    requestId: idArb,
    responseId: fc.option(idArb, { nil: undefined }),
  }),
  fc.record({ requestId: fc.constant(undefined), responseId: idArb }),
);

const responseArb: fc.Arbitrary<GeneratedResponse> = fc
  .record({
    spelling: spellingArb,
    schema: schemaArb,
    ids: responseIdsArb,
    time: timeArb,
    body: bodyArb,
    signature: signatureArb,
  })
  .map(({ ids, ...rest }) => ({ ...rest, ...ids }));

function writePayload(w: XmlWriter, body: GeneratedBody): string {
  if (body.type !== 'message' || body.payload === undefined) return '';
  switch (body.payload) {
    case 'PreCommand':
      return w.el(
        'PreCommand',
        w.text('GBCSVersion', '0400') + w.text('GBCSPayload', 'AAEC'),
      );
    case 'DSPInventory':
      return w.el(
        'DSPInventory',
        w.el(
          'Device',
          (body.bodyDeviceId === undefined
            ? ''
            : w.text('DeviceID', writeEui(body.bodyDeviceId))) +
            w.text('DeviceType', 'ESME'),
        ),
      );
    case 'FutureDatedDeviceAlertMessage':
      return w.el(
        'FutureDatedDeviceAlertMessage',
        w.text('FutureDatedAlertCode', body.futureAlertCode) +
          w.text('GBCSPayload', 'AAEC'),
      );
    default:
      return w.text(body.payload, 'AAEC');
  }
}

function writeResponseBody(w: XmlWriter, body: GeneratedBody): string {
  switch (body.type) {
    case 'message':
      return w.el(
        'ResponseMessage',
        w.text('ServiceReference', body.srv.serviceReference) +
          w.text('ServiceReferenceVariant', body.srv.srv) +
          writePayload(w, body),
      );
    case 'device-alert':
      return w.el(
        'DeviceAlertMessage',
        w.text('AlertCode', body.alertCode) + w.text('GBCSPayload', 'AAEC'),
      );
    case 'dcc-alert': {
      const device =
        body.bodyDeviceId === undefined
          ? ''
          : w.el('Details', w.text('DeviceID', writeEui(body.bodyDeviceId)));
      return w.el(
        'DCCAlertMessage',
        w.text('DCCAlertCode', body.alertCode) +
          w.el('DCCAlert', w.el(body.event, device)),
      );
    }
  }
}

function writeResponse(r: GeneratedResponse): string {
  const w = new XmlWriter(r.spelling);
  const code = r.body.type === 'message' ? r.body.code : 'I0';
  const header =
    (r.requestId === undefined
      ? ''
      : w.text('RequestID', writeId(r.requestId))) +
    (r.responseId === undefined
      ? ''
      : w.text('ResponseID', writeId(r.responseId))) +
    w.text('ResponseCode', code) +
    w.text('ResponseDateTime', writeTime(r.time));
  return w.root(
    'Response',
    r.schema,
    w.el('Header', header) +
      w.el('Body', writeResponseBody(w, r.body)) +
      w.signature(r.signature),
  );
}

/** The body's part of the expected message. */
function expectBody(body: GeneratedBody) {
  switch (body.type) {
    case 'message': {
      const future = body.payload === 'FutureDatedDeviceAlertMessage';
      return {
        kind:
          body.code === 'I99'
            ? 'acknowledgement'
            : future
              ? 'device-alert'
              : 'response',
        srv: body.srv.srv,
        serviceReference: body.srv.serviceReference,
        responseCode: body.code,
        alertCode: future ? body.futureAlertCode.toUpperCase() : null,
        payloadElement: body.payload ?? null,
      } as const;
    }
    case 'device-alert':
      return {
        kind: 'device-alert',
        responseCode: 'I0',
        alertCode: body.alertCode,
        payloadElement: 'DeviceAlertMessage',
      } as const;
    case 'dcc-alert':
      return {
        kind: 'dcc-alert',
        responseCode: 'I0',
        alertCode: body.alertCode,
        payloadElement: body.event,
      } as const;
  }
}

/** The Device a response concerns and the user it is for (PRODUCT rules). */
function expectParties(r: GeneratedResponse, kind: string) {
  const request = expectId(r.requestId);
  const response = expectId(r.responseId);
  const { body } = r;
  if (kind === 'device-alert') {
    return request !== null
      ? { deviceId: request.target, userId: request.originator }
      : { deviceId: response!.originator, userId: response!.target };
  }
  if (body.type === 'dcc-alert') {
    return {
      deviceId: request?.target ?? body.bodyDeviceId?.hex ?? null,
      userId: response?.target ?? request!.originator,
    };
  }
  const inBody =
    body.type === 'message' && body.payload === 'DSPInventory'
      ? (body.bodyDeviceId?.hex ?? null)
      : null;
  const nonDevice = body.type === 'message' && body.srv.nonDevice;
  return {
    deviceId: nonDevice ? inBody : (request?.target ?? response!.originator),
    userId: request?.originator ?? response!.target,
  };
}

function expectResponse(r: GeneratedResponse): ExpectedMessage {
  const body = expectBody(r.body);
  const signedResponse = body.kind === 'response' && r.responseId !== undefined;
  return {
    ...NOTHING,
    ...body,
    ...expectParties(r, body.kind),
    schemaVersion: r.schema,
    requestId: expectId(r.requestId),
    responseId: expectId(r.responseId),
    responseAt: r.time.ms,
    flags: signatureFlagsOf(r.signature, signedResponse),
  };
}

describe('reading DUIS messages the tests have never seen', () => {
  it('reads every field of generated requests as written', () => {
    fc.assert(
      fc.property(requestArb, (request) => {
        const xml = writeRequest(request);
        assert.deepEqual(readDuisMessage(xml), expectRequest(request), xml);
      }),
      { numRuns: 400 },
    );
  });

  it('reads every field of generated responses and alerts as written', () => {
    fc.assert(
      fc.property(responseArb, (response) => {
        const xml = writeResponse(response);
        assert.deepEqual(readDuisMessage(xml), expectResponse(response), xml);
      }),
      { numRuns: 400 },
    );
  });
});
