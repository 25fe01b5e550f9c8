/** Whose rows a query reads: one merchant, or an owner with its tenants. */
export interface MerchantScope {
  merchantId: string;
  includeTenants: boolean;
}

/**
 * The SQL condition of a scope on `merchant_id`, its values pushed onto `args`.
 * `ownedBy(p)` is the condition "the row's merchant is a tenant of the owner $p".
 */
export function scopeCondition(scope: MerchantScope, args: unknown[], ownedBy: (param: string) => string): string {
  args.push(scope.merchantId);
  const owner = `$${args.length}`;
  if (!scope.includeTenants) return `merchant_id = ${owner}`;
  return `(merchant_id = ${owner} OR ${ownedBy(owner)})`;
}

/** A statement's merchant is a tenant of the owner when the merchants table says so (statements carry no owner). */
export const tenantOfOwner = (param: string) => `merchant_id IN (SELECT merchant_id FROM merchants WHERE owner_id = ${param} AND owner_id <> '')`;
