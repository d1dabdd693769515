/**
 * DCC User Roles. The set is data, not code: the seven roles of DUIS are
 * built in, and an operator adds more through `roles.csv` without a code
 * change. Each role has a kind, which is what the visibility rule and the
 * demo world reason about.
 */

/** What sort of party a role stands for. */
export type RoleKind = 'supplier' | 'network-operator' | 'agent' | 'other';

export const ROLE_KINDS: readonly RoleKind[] = [
  'supplier',
  'network-operator',
  'agent',
  'other',
];

/** A User Role, such as IS (Import Supplier). */
export interface Role {
  readonly code: string;
  readonly name: string;
  readonly kind: RoleKind;
}

/** The roles that DUIS names; codes as in the SRV matrix. */
export const BUILT_IN_ROLES: readonly Role[] = [
  { code: 'IS', name: 'Import Supplier', kind: 'supplier' },
  { code: 'ES', name: 'Export Supplier', kind: 'supplier' },
  { code: 'GS', name: 'Gas Supplier', kind: 'supplier' },
  { code: 'ED', name: 'Electricity Distributor', kind: 'network-operator' },
  { code: 'GT', name: 'Gas Transporter', kind: 'network-operator' },
  { code: 'RSA', name: 'Registered Supplier Agent', kind: 'agent' },
  { code: 'OU', name: 'Other User', kind: 'other' },
];

const ROLE_CODE = /^[A-Z][A-Z0-9]{0,9}$/;

/** Whether a text is a well-formed role code (upper case, up to 10). */
export function isRoleCode(code: string): boolean {
  return ROLE_CODE.test(code);
}

/** The roles known to one store: the built-in ones and any added. */
export class RoleRegistry {
  readonly #roles = new Map<string, Role>();

  constructor(extra: readonly Role[] = []) {
    for (const role of BUILT_IN_ROLES) this.#roles.set(role.code, role);
    for (const role of extra) this.#roles.set(role.code, role);
  }

  /** The role with this code, or undefined. */
  get(code: string): Role | undefined {
    return this.#roles.get(code);
  }

  has(code: string): boolean {
    return this.#roles.has(code);
  }

  /** All roles, built-in first. */
  all(): readonly Role[] {
    return [...this.#roles.values()];
  }
}
