/**
 * The catalogue of the 129 Service Request Variants (SRVs) of DUIS 5.4.
 *
 * The facts (names, eligible roles, criticality, Command Variants, future
 * dating, body elements) restate the DUIS SRV matrix and the DUIS schema's
 * ServiceReferenceVariant table. Two known quirks of those sources are
 * settled here: 7.12/7.13 are critical and 7.14/7.15 are not (the schema
 * comments look swapped), and 6.20.x use Service Reference 6.20.
 */
import catalogueData from './srv-catalogue.json' with { type: 'json' };

/** How a future-dated request of this SRV is held until it executes. */
export type FutureDating = 'device' | 'dcc' | 'dcc-and-device' | null;

/** One SRV, e.g. 1.1.1 Update Import Tariff (Primary Element). */
export interface SrvDefinition {
  readonly srv: string;
  readonly serviceReference: string;
  readonly name: string;
  /** Role codes that may send it; empty when no ordinary role does. */
  readonly roles: readonly string[];
  readonly critical: boolean;
  readonly commandVariants: readonly number[];
  readonly onDemand: boolean;
  readonly futureDated: FutureDating;
  readonly dccScheduled: boolean;
  readonly nonDevice: boolean;
  /** The child element of `sr:Body` in a request of this SRV. */
  readonly bodyElement: string;
}

const BY_SRV = new Map<string, SrvDefinition>(
  (catalogueData as SrvDefinition[]).map((row) => [
    row.srv,
    Object.freeze(row),
  ]),
);

const BY_BODY = new Map<string, SrvDefinition>(
  [...BY_SRV.values()].map((row) => [row.bodyElement, row]),
);

/** Every SRV, in catalogue order. */
export function allSrvs(): readonly SrvDefinition[] {
  return [...BY_SRV.values()];
}

/** The SRV with this number (e.g. '6.15.1'), or undefined. */
export function findSrv(srv: string): SrvDefinition | undefined {
  return BY_SRV.get(srv);
}

/** The SRV whose request body element has this local name. */
export function findSrvByBodyElement(name: string): SrvDefinition | undefined {
  return BY_BODY.get(name);
}

/** Whether a role may send this SRV according to the matrix. */
export function roleMaySend(srv: SrvDefinition, roleCode: string): boolean {
  return srv.roles.includes(roleCode);
}

/** Command Variants 5, 6 and 7 carry a SignedPreCommand body. */
export function isSignedLeg(commandVariant: number): boolean {
  return commandVariant >= 5 && commandVariant <= 7;
}
