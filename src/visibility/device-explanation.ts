/**
 * "Why can I see this?" for one device: its facts, its installation, who
 * was Responsible Supplier and Network Operator when, and the viewer's own
 * basis. A viewer responsible for the device now sees its whole
 * responsibility history and installation; a viewer that sees only its own
 * records learns only its own past grants.
 */
import { type Eui64, formatEui64 } from '../domain/eui64.ts';
import type { Store } from '../store/database.ts';
import { findParties } from '../store/reference-store.ts';
import {
  type Installation,
  loadDeviceFacts,
  loadInstallation,
} from './device-facts.ts';
import type { GrantRow } from './grant-query.ts';
import { isoInterval } from './record-presenter.ts';
import type {
  DeviceExplanation,
  InstallationMember,
  MeterPointView,
  ResponsibilityPeriod,
  Viewer,
} from './record-view.ts';
import {
  type DeviceFacts,
  type Grant,
  mpxnPaths,
  networkOperatorSource,
  responsibilityHistory,
  viewerGrant,
} from './responsibility.ts';
import { deviceAccess, resolveViewer } from './viewer-scope.ts';

/** Explains a device to a viewer; null when it may see nothing of it. */
export async function explainDevice(
  store: Store,
  viewer: Viewer,
  deviceId: Eui64,
  at?: number,
): Promise<DeviceExplanation | null> {
  const scope = await resolveViewer(store, viewer, at);
  const access = await deviceAccess(store, scope, deviceId);
  if (access === null) return null;
  const facts = await loadDeviceFacts(store, deviceId);
  const full = access.grant !== undefined;
  const history = facts === null ? [] : responsibilityHistory(facts);
  const shown = full
    ? history
    : history.filter((g) => g.partyId === scope.partyId);
  const installation =
    full && facts !== null ? await loadInstallation(store, facts) : null;
  return {
    deviceId: formatEui64(deviceId),
    deviceType: facts?.device.deviceType ?? null,
    smets: facts?.device.smets ?? null,
    meterPoints: full && facts !== null ? meterPointViews(facts) : [],
    installation:
      installation === null || facts === null
        ? []
        : members(facts, installation),
    networkOperatorSource:
      facts === null ? 'registration' : networkOperatorSource(facts),
    responsibility: await periods(store, shown),
    viewer: {
      partyId: scope.partyId,
      basis: access.grant?.basis ?? 'own',
      interval:
        access.grant === undefined
          ? null
          : isoInterval(access.grant.valid_from, access.grant.valid_to),
      explanation: explain(
        scope.partyId,
        access.grant,
        facts === null
          ? undefined
          : viewerGrant(facts, scope.partyId, scope.at),
      ),
    },
  };
}

function meterPointViews(facts: DeviceFacts): MeterPointView[] {
  return mpxnPaths(facts).map((path) => ({
    mpxn: path.mpxn,
    fuel: path.fuel,
    meterId: formatEui64(path.meterId),
    viaHanLink: path.viaHanLink,
    ...isoInterval(path.interval.from, path.interval.to),
  }));
}

function members(
  facts: DeviceFacts,
  installation: Installation,
): InstallationMember[] {
  const typeOf = (id: Eui64) =>
    installation.devices.get(id)?.deviceType ?? 'unknown';
  const meters = installation.meters.flatMap((meter) => {
    const spans = [
      ...facts.meterPoints.filter((m) => m.deviceId === meter),
      ...installation.links.filter((l) => l.meterId === meter),
    ];
    if (spans.length === 0) return [];
    const from = Math.min(...spans.map((s) => s.from));
    const open = spans.some((s) => s.to === null);
    const to = open ? null : Math.max(...spans.map((s) => s.to ?? 0));
    const id = formatEui64(meter);
    return [
      {
        deviceId: id,
        deviceType: typeOf(meter),
        meterId: id,
        ...isoInterval(from, to),
      },
    ];
  });
  const linked = installation.links.map((link) => ({
    deviceId: formatEui64(link.deviceId),
    deviceType: typeOf(link.deviceId),
    meterId: formatEui64(link.meterId),
    ...isoInterval(link.from, link.to),
  }));
  return [...meters, ...linked];
}

async function periods(
  store: Store,
  grants: readonly Grant[],
): Promise<ResponsibilityPeriod[]> {
  const parties = await findParties(
    store,
    grants.map((g) => g.partyId),
  );
  return grants.map((grant) => {
    const path =
      grant.source.kind === 'registration' ? grant.source.path : undefined;
    return {
      role: grant.basis,
      partyId: grant.partyId,
      partyName: parties.get(grant.partyId)?.name ?? null,
      source: grant.source.kind,
      registeredRole:
        grant.source.kind === 'registration' ? grant.source.role : null,
      mpxn: path?.mpxn ?? null,
      meterId: path === undefined ? null : formatEui64(path.meterId),
      viaHanLink: path?.viaHanLink ?? false,
      ...isoInterval(grant.interval.from, grant.interval.to),
    };
  });
}

const ROLE_NAMES: Readonly<Record<string, string>> = {
  IS: 'Import Supplier',
  GS: 'Gas Supplier',
  ED: 'Electricity Distributor',
  GT: 'Gas Transporter',
};

/** The viewer's basis in a sentence. */
function explain(
  partyId: string,
  grant: GrantRow | undefined,
  detail: Grant | undefined,
): string {
  if (grant === undefined) {
    return (
      `${partyId} is neither the Responsible Supplier nor the Network ` +
      'Operator of this device now, so it sees only its own records: the ' +
      'requests its users sent and the responses and alerts addressed to them.'
    );
  }
  const since = new Date(grant.valid_from).toISOString();
  const sees =
    ' It sees every record on the device, over its whole history, with ' +
    "other parties' confidential payload withheld.";
  return `${partyId} ${reason(grant, detail)} since ${since}.${sees}`;
}

function reason(grant: GrantRow, detail: Grant | undefined): string {
  const source = detail?.source;
  if (source === undefined) {
    return grant.basis === 'responsible-supplier'
      ? 'is the Responsible Supplier'
      : 'is the Network Operator';
  }
  if (source.kind === 'credential') {
    return 'holds the Network Operator credential on this device';
  }
  const { path, role } = source;
  const via = path.viaHanLink
    ? ', which this device reaches through its HAN link to meter ' +
      formatEui64(path.meterId)
    : '';
  const registered =
    `the ${ROLE_NAMES[role] ?? role} registered for ` +
    `${path.fuel === 'electricity' ? 'MPAN' : 'MPRN'} ${path.mpxn}${via}`;
  return grant.basis === 'responsible-supplier'
    ? `is the Responsible Supplier as ${registered},`
    : `stands in as Network Operator as ${registered} (no credential ` +
        'data is known for this device),';
}
