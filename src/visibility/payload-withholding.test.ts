// Withholding other parties' payloads: what a viewer who is not the sender
// sees of a record's body, and what the sender sees.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseRequestId } from '../domain/request-id.ts';
import {
  writeDeviceAlert,
  writeRequest,
  writeResponse,
} from '../duis/duis-writer.ts';
import {
  createValueSource,
  type ValueSource,
} from '../duis/value-generator.ts';
import {
  isAllowlisted,
  type WithholdingContext,
  withholdPayload,
} from './payload-withholding.ts';

const REQUEST_ID = parseRequestId(
  '90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1712000000123',
);
const LATER = Date.UTC(2025, 5, 1);

function requestContext(srv: string, element: string): WithholdingContext {
  return { kind: 'request', srv, payloadElement: element, alertCode: null };
}

/** Values that say what they are, e.g. price-17. */
function namedValues(): ValueSource {
  const base = createValueSource(1);
  let n = 0;
  return (path, kind) =>
    kind === 'price' || kind === 'supplier-name'
      ? `${kind}-${++n}`
      : base(path, kind);
}

function tariffUpdate(): string {
  return writeRequest({
    requestId: REQUEST_ID,
    srv: '1.1.1',
    commandVariant: 4,
    executionAt: LATER,
    values: namedValues(),
  });
}

const TARIFF = requestContext('1.1.1', 'UpdateImportTariffPrimaryElement');

type Json = Record<string, unknown>;

describe('withholdPayload', () => {
  it('shows a gaining supplier when the losing supplier’s 1.1.1 takes effect, without its prices', () => {
    const { payload, withheld } = withholdPayload(
      tariffUpdate(),
      TARIFF,
      false,
    );
    const body = (payload as Json)['UpdateImportTariffPrimaryElement'] as Json;
    assert.equal(body['ExecutionDateTime'], '2025-06-01T00:00:00.000Z');
    assert.deepEqual(body['PriceElements'], {
      withheld: 'confidential to the sender: not on the 1.1.1 allowlist',
    });
    assert.ok('ElecTariffElements' in body, 'the tariff’s kind stays visible');
    assert.doesNotMatch(JSON.stringify(payload), /price-\d+/);
    assert.deepEqual(withheld, [
      'UpdateImportTariffPrimaryElement/ElecTariffElements',
      'UpdateImportTariffPrimaryElement/PriceElements',
    ]);
  });

  it('shows the sender its own 1.1.1 in full', () => {
    const { payload, withheld } = withholdPayload(tariffUpdate(), TARIFF, true);
    assert.deepEqual(withheld, []);
    const text = JSON.stringify(payload);
    assert.match(text, /"StandingCharge":"price-\d+"/);
    assert.match(text, /"BlockPrice":\[\{"@index":"1","#text":"price-\d+"\}/);
  });

  it('shows the remote-party role of a credential update, not its certificates', () => {
    const xml = writeRequest({
      requestId: REQUEST_ID,
      srv: '6.15.1',
      commandVariant: 4,
      values: (path, kind) =>
        kind === 'enum:LoadController|NetworkOperator|Supplier'
          ? 'NetworkOperator'
          : kind === 'certificate'
            ? 'MIIBcertificate'
            : '1',
    });
    const context = requestContext('6.15.1', 'UpdateSecurityCredentialsKRP');
    const { payload, withheld } = withholdPayload(xml, context, false);
    const body = (payload as Json)['UpdateSecurityCredentialsKRP'] as Json;
    assert.equal(body['RemotePartyRole'], 'NetworkOperator');
    assert.doesNotMatch(JSON.stringify(payload), /MIIBcertificate/);
    assert.ok(
      withheld.includes('UpdateSecurityCredentialsKRP/ReplacementCertificates'),
    );
  });

  it('withholds every GBCS payload and says why', () => {
    const xml = writeResponse({
      requestId: REQUEST_ID,
      srv: '4.1.1',
      responseCode: 'I0',
      at: LATER,
      payload: { kind: 'gbcs', base64: 'U0VDUkVUUkVBRElORw==' },
    });
    const context: WithholdingContext = {
      kind: 'response',
      srv: '4.1.1',
      payloadElement: 'GBCSPayload',
      alertCode: null,
    };
    const { payload, withheld } = withholdPayload(xml, context, false);
    assert.deepEqual(payload, {
      ResponseMessage: {
        ServiceReference: '4.1',
        ServiceReferenceVariant: '4.1.1',
        GBCSPayload: { withheld: 'GBCS payload: end-to-end device data' },
      },
    });
    assert.deepEqual(withheld, ['ResponseMessage/GBCSPayload']);
  });

  it('shows a Device Alert’s code but not its payload', () => {
    const xml = writeDeviceAlert({
      deviceId: '00DB1234567890A0',
      userId: '90B3D51F30010000',
      counter: 1,
      alertCode: '8F35',
      at: LATER,
      base64: 'QUxFUlRQQVlMT0FE',
    });
    const context: WithholdingContext = {
      kind: 'device-alert',
      srv: null,
      payloadElement: 'DeviceAlertMessage',
      alertCode: '8F35',
    };
    const { payload } = withholdPayload(xml, context, false);
    const alert = (payload as Json)['DeviceAlertMessage'] as Json;
    assert.equal(alert['AlertCode'], '8F35');
    assert.ok('withheld' in (alert['GBCSPayload'] as Json));
  });

  it('withholds the whole body of an SRV the allowlist does not know', () => {
    const xml = writeRequest({
      requestId: REQUEST_ID,
      srv: '11.2',
      commandVariant: 1,
    });
    const context = requestContext('99.1', 'ReadFirmwareVersion');
    const { payload, withheld } = withholdPayload(xml, context, false);
    assert.deepEqual(payload, {
      ReadFirmwareVersion: {
        withheld: 'not on the allowlist (SRV 99.1): withheld whole',
      },
    });
    assert.deepEqual(withheld, ['ReadFirmwareVersion']);
  });

  it('withholds the whole body when it is not the body of the named SRV', () => {
    const xml = writeRequest({
      requestId: REQUEST_ID,
      srv: '3.4',
      commandVariant: 1,
    });
    const context = requestContext('11.2', 'UpdateSupplierName');
    const { payload } = withholdPayload(xml, context, false);
    assert.deepEqual(payload, {
      UpdateSupplierName: {
        withheld:
          'not on the allowlist (body element UpdateSupplierName): withheld whole',
      },
    });
  });

  it('shows empty elements as empty strings: they carry only their name', () => {
    const xml = writeRequest({
      requestId: REQUEST_ID,
      srv: '7.2',
      commandVariant: 4,
    });
    const context = requestContext('7.2', 'DisableSupply');
    assert.deepEqual(withholdPayload(xml, context, false), {
      payload: { DisableSupply: '' },
      withheld: [],
    });
  });

  it('never alters the stored message', () => {
    const xml = tariffUpdate();
    const copy = xml.slice();
    withholdPayload(xml, TARIFF, false);
    withholdPayload(xml, TARIFF, true);
    assert.equal(xml, copy);
  });

  it('does not expand entities of a hostile document, and shows nothing of it', () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "EXPANDED">]>' +
      '<sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway">' +
      '<sr:Body><sr:UpdateSupplierName><sr:SupplierName>&x;</sr:SupplierName>' +
      '</sr:UpdateSupplierName></sr:Body></sr:Request>';
    for (const fullView of [false, true]) {
      const result = withholdPayload(xml, requestContext('3.4', 'x'), fullView);
      assert.deepEqual(result, {
        payload: { withheld: 'the stored message could not be read' },
        withheld: ['Body'],
      });
    }
  });

  it('keeps a hostile element name out of the object prototype', () => {
    const xml =
      '<sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway">' +
      '<sr:Body><sr:UpdateSupplierName><sr:__proto__>x</sr:__proto__>' +
      '</sr:UpdateSupplierName></sr:Body></sr:Request>';
    const { payload } = withholdPayload(xml, requestContext('3.4', 'x'), true);
    const body = (payload as Json)['UpdateSupplierName'] as Json;
    assert.equal(Object.getPrototypeOf(body), Object.prototype);
    assert.equal(
      Object.getOwnPropertyDescriptor(body, '__proto__')?.value,
      'x',
    );
  });
});

describe('isAllowlisted', () => {
  it('answers for SRV body paths by SRV', () => {
    const path = 'UpdateImportTariffPrimaryElement/ExecutionDateTime';
    assert.equal(isAllowlisted('1.1.1', path), true);
    assert.equal(isAllowlisted('1.2.1', path), false);
    assert.equal(
      isAllowlisted(
        '1.1.1',
        'UpdateImportTariffPrimaryElement/PriceElements/ElectricityPriceElements/StandingCharge',
      ),
      false,
    );
  });

  it('answers for response, signed-leg and alert paths without an SRV', () => {
    assert.equal(
      isAllowlisted(null, 'SignedPreCommand/ExecutionDateTime'),
      true,
    );
    assert.equal(isAllowlisted(null, 'SignedPreCommand/GBCSPayload'), false);
    assert.equal(
      isAllowlisted(
        '1.1.1',
        'ResponseMessage/FutureDatedDeviceAlertMessage/FutureDatedAlertCode',
      ),
      true,
    );
    assert.equal(isAllowlisted(null, 'DeviceAlertMessage/GBCSPayload'), false);
  });
});
