import type { Scope } from '../domain/entities';

/** SQL condition of a scope on an orders alias: one merchant, or an owner with its tenants (another merchant's row is simply not found). */
export function scopeCondition(alias: string, scope: Scope, params: unknown[]): string {
  params.push(scope.livemode);
  const mode = `${alias}.livemode = $${params.length}`;
  if (scope.tenantId) {
    params.push(scope.merchantId, scope.tenantId);
    return `${mode} AND ${alias}.owner_id = $${params.length - 1} AND ${alias}.merchant_id = $${params.length}`;
  }
  params.push(scope.merchantId);
  if (scope.includeTenants) return `${mode} AND (${alias}.merchant_id = $${params.length} OR ${alias}.owner_id = $${params.length})`;
  return `${mode} AND ${alias}.merchant_id = $${params.length}`;
}
