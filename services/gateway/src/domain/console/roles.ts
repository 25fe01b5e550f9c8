/**
 * Console roles and what each may do (docs/console.md, "Roles"). The server
 * checks a permission before every console action, reads included: a form the
 * page does not show is still refused when posted by hand.
 */
export const ROLES = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'dashboard.view',
  'bills.view',
  'bills.edit',
  'bills.delete',
  'payments.export',
  'customers.view',
  'webhooks.view',
  'webhooks.manage',
  'webhooks.redeliver',
  'events.view',
  'keys.view',
  'keys.manage',
  'users.view',
  'users.manage',
  'audit.view',
  'tenants.switch',
  'account.manage',
  'remittance.view',
  'remittance.export',
  'remittance.manage',
  'remittance.approve',
  'remittance.refund',
  'debits.view',
  'debits.export',
  'debits.create',
  'settlement.view',
  'settlement.export',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: Permission[] = [
  'dashboard.view', 'bills.view', 'payments.export', 'customers.view', 'webhooks.view', 'events.view', 'tenants.switch', 'account.manage',
  'remittance.view', 'remittance.export', 'debits.view', 'debits.export', 'settlement.view', 'settlement.export',
];
const OPERATOR: Permission[] = [...VIEWER, 'bills.edit', 'bills.delete', 'webhooks.manage', 'webhooks.redeliver', 'remittance.manage', 'remittance.approve', 'remittance.refund', 'debits.create'];
const ADMIN: Permission[] = [...OPERATOR, 'keys.view', 'keys.manage', 'users.view', 'users.manage', 'audit.view'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set(VIEWER),
  operator: new Set(OPERATOR),
  admin: new Set(ADMIN),
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.has(permission) ?? false;
}
