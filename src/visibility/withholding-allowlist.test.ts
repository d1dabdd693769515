// The reviewed allowlist: an entry for every SRV and every payload and
// alert kind, no typos in its paths, and nothing known to be confidential
// on it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { allSrvs } from '../domain/srv-catalogue.ts';
import {
  dccAlertEventNames,
  type ElementShape,
  findSrvBody,
  type LeafKind,
  type MessageElement,
  messageShape,
  shapeLeaves,
} from '../duis/srv-bodies.ts';
import allowlist from './withholding-allowlist.json' with { type: 'json' };

interface Entry {
  readonly review: string;
  readonly allow: Readonly<Record<string, string>>;
}
const srvEntries = allowlist.srvs as Readonly<Record<string, Entry>>;
const messageEntries = allowlist.messages as Readonly<Record<string, Entry>>;

const MESSAGES: readonly MessageElement[] = [
  'SignedPreCommand',
  'ResponseMessage',
  'DeviceAlertMessage',
  'DCCAlertMessage',
  'SMETS1ResponseMessage',
];

/** Element names that are confidential wherever they occur. */
const DENIED_NAMES = [
  'GBCSPayload',
  'StandingCharge',
  'BlockPrice',
  'BlockPrices',
  'TOUPrice',
  'ElectricityPriceElement',
  'PriceElements',
  'AdjustMeterBalance',
  'MaxMeterBalance',
  'MaxCreditThreshold',
  'LowCreditThreshold',
  'EmergencyCreditLimit',
  'EmergencyCreditThreshold',
  'DebtRecoveryRate',
  'DebtRecoveryRateCap',
  'DebtRecoveryPerPayment',
  'PaymentDebtRegister',
  'TimeDebtRegister1',
  'TimeDebtRegister2',
  'DisablementThreshold',
  'UTRN',
  'SupplierMessage',
  'SupplierName',
  'SupplierTelephoneNumber',
  'MPxN',
  'MPxNs',
  'ImportMPxN',
  'ImportMPAN',
  'ImportMPRN',
  'ExportMPAN',
  'SecondaryImportMPAN',
  'UPRN',
  'PostCode',
  'AddressIdentifier',
  'InstallCode',
  'CustomerIdentificationNumber',
  'Certificate',
  'DeviceCertificate',
  'DigitalSigningCertificate',
  'KeyAgreementCertificate',
  'KeyAgreementTopUpCertificate',
  'KAPublicSecurityCredentials',
  'FirmwareImage',
  'SwitchDescription',
  'PremiseType',
  'CHFLocation',
  'SupplyTamperState',
];

/** Leaf kinds that are confidential wherever they occur. */
const DENIED_KINDS: ReadonlySet<LeafKind> = new Set<LeafKind>([
  'price',
  'money',
  'mpan',
  'mprn',
  'mpxn',
  'uprn',
  'postcode',
  'cin',
  'utrn',
  'display-message',
  'supplier-name',
  'telephone',
  'text',
  'base64',
  'certificate',
  'xml',
]);

/** The kinds of payload and alert the allowlist must review. */
function requiredMessageEntries(): string[] {
  const response = messageShape('ResponseMessage').children ?? [];
  const payloads = response
    .filter((child) => child.optional)
    .map((child) => `ResponseMessage/${child.name}`);
  const events = dccAlertEventNames().map(
    (event) => `DCCAlertMessage/DCCAlert/${event}`,
  );
  return [...MESSAGES, ...payloads, ...events];
}

/** Leaf kinds by path of the shape an allowlist path belongs to. */
function leafKinds(shape: ElementShape): Map<string, LeafKind> {
  return new Map(shapeLeaves(shape).map((leaf) => [leaf.path, leaf.kind]));
}

const MESSAGE_LEAVES = new Map(
  MESSAGES.flatMap((name) => [...leafKinds(messageShape(name))]),
);

/** Every allowed path with its reason, the entry it is in and its kind. */
function allowedPaths(): {
  entry: string;
  path: string;
  reason: string;
  kind: LeafKind | undefined;
}[] {
  const out = [];
  for (const [srv, entry] of Object.entries(srvEntries)) {
    const body = findSrvBody(srv);
    const kinds = body === undefined ? new Map() : leafKinds(body.shape);
    for (const [path, reason] of Object.entries(entry.allow)) {
      out.push({ entry: srv, path, reason, kind: kinds.get(path) });
    }
  }
  for (const [key, entry] of Object.entries(messageEntries)) {
    for (const [path, reason] of Object.entries(entry.allow)) {
      out.push({ entry: key, path, reason, kind: MESSAGE_LEAVES.get(path) });
    }
  }
  return out;
}

describe('the withholding allowlist', () => {
  it('has a reviewed entry for each of the 129 SRVs and no other', () => {
    assert.deepEqual(
      Object.keys(srvEntries).sort(),
      allSrvs()
        .map((srv) => srv.srv)
        .sort(),
    );
    for (const [srv, entry] of Object.entries(srvEntries)) {
      assert.ok(entry.review.length > 20, `${srv} has a review note`);
    }
  });

  it('has a reviewed entry for every response payload, alert and DCC alert event kind', () => {
    const required = requiredMessageEntries();
    assert.deepEqual(Object.keys(messageEntries).sort(), [...required].sort());
    for (const [key, entry] of Object.entries(messageEntries)) {
      assert.ok(entry.review.length > 20, `${key} has a review note`);
    }
  });

  it('names only leaves that exist in the shape of their SRV or message', () => {
    const typos = allowedPaths().filter(
      (allowed) => allowed.kind === undefined,
    );
    assert.deepEqual(typos, []);
  });

  it('keeps each message entry’s paths inside the element it reviews', () => {
    for (const [key, entry] of Object.entries(messageEntries)) {
      for (const path of Object.keys(entry.allow)) {
        assert.ok(path === key || path.startsWith(`${key}/`), path);
      }
    }
  });

  it('gives every allowed path a one-line reason', () => {
    for (const allowed of allowedPaths()) {
      assert.ok(allowed.reason.length > 10, allowed.path);
      assert.doesNotMatch(allowed.reason, /\n/, allowed.path);
    }
  });

  it('allows no element with a name known to be confidential', () => {
    const denied = allowedPaths().filter((allowed) =>
      DENIED_NAMES.includes(allowed.path.split('/').at(-1)!),
    );
    assert.deepEqual(denied, []);
  });

  it('allows no leaf of a confidential kind (money, MPxNs, free text, payloads, keys)', () => {
    const denied = allowedPaths().filter(
      (allowed) => allowed.kind !== undefined && DENIED_KINDS.has(allowed.kind),
    );
    assert.deepEqual(denied, []);
  });
});
