import { NotFoundError, useCase, ValidationError } from '@kessai/platform';
import { merchantsStore } from '../db/merchants-store';
import { statementsStore } from '../db/statements-store';
import type { FeesDeps } from './deps';
import type { StatementView } from './views';

/** One statement of the merchant, or of one of its tenants with includeTenants (anyone else's is not found). */
export function getStatement(deps: FeesDeps, statementId: string, merchantId: string, includeTenants = false): Promise<StatementView> {
  return useCase('fees.get_statement', async () => {
    if (!statementId) throw ValidationError.field('statement_id', 'is required');
    if (!merchantId) throw ValidationError.field('merchant_id', 'is required');
    return findStatement(deps, statementId, merchantId, includeTenants);
  });
}

/** The statement when it is the merchant's (or, with includeTenants, a tenant's of it); NotFoundError otherwise. */
export async function findStatement(deps: Pick<FeesDeps, 'dataSource'>, statementId: string, merchantId: string, includeTenants: boolean): Promise<StatementView> {
  const s = await statementsStore.get(deps.dataSource, statementId);
  const reachable = s && (s.merchantId === merchantId || (includeTenants && (await merchantsStore.isTenantOf(deps.dataSource, s.merchantId, merchantId))));
  if (!s || !reachable) throw new NotFoundError('statement', statementId);
  return s;
}
