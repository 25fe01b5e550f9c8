import { NotFoundError, useCase, ValidationError } from '@kessai/platform';
import { statementsStore } from '../db/statements-store';
import type { FeesDeps } from './deps';
import type { StatementView } from './views';

/** One statement of the merchant (another merchant's is not found). */
export function getStatement(deps: FeesDeps, statementId: string, merchantId: string): Promise<StatementView> {
  return useCase('fees.get_statement', async () => {
    if (!statementId) throw ValidationError.field('statement_id', 'is required');
    if (!merchantId) throw ValidationError.field('merchant_id', 'is required');
    const s = await statementsStore.get(deps.dataSource, statementId);
    if (!s || s.merchantId !== merchantId) throw new NotFoundError('statement', statementId);
    return s;
  });
}
