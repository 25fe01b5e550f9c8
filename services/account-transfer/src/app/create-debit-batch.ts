import { csvEncodingOf, decodeCsv, newId, useCase, ValidationError } from '@kessai/platform';
import { batchValidationError, parseBatchCsv, type BatchRowError } from '../domain/batch-csv';
import type { BatchView, MandateView } from '../domain/views';
import { customersStore } from '../db/customers-store';
import { debitsStore, type NewDebit } from '../db/debits-store';
import { mandatesStore } from '../db/mandates-store';
import type { AccountTransferDeps } from './deps';
import { commandScope } from './scope';

export interface CreateDebitBatch {
  requestId: string;
  livemode: boolean;
  merchantId: string;
  csv: Buffer;
  filename: string;
  encoding: string;
}

/**
 * A bulk debit (docs/reference/account-transfer.md#bulk-debits): the CSV
 * (Shift_JIS or UTF-8) is validated whole first — every error by row and
 * field, nothing queued when there is one — then every row is queued; the
 * workers send them one by one at the bank's rate.
 */
export function createDebitBatch(deps: AccountTransferDeps, cmd: CreateDebitBatch): Promise<BatchView> {
  return useCase('account_transfer.create_debit_batch', async () => {
    if (!cmd.requestId) throw ValidationError.field('request_id', 'required');
    if (cmd.csv.length === 0) throw ValidationError.field('file', 'empty');
    const decoded = decodeCsv(cmd.csv, csvEncodingOf(cmd.encoding));
    const parsed = parseBatchCsv(decoded.text);
    if (parsed.errors.length > 0) throw batchValidationError(parsed.errors);
    const { value: batchId, replayed } = await deps.dataSource.transaction(async (tx) =>
      deps.idempotency.run(
        tx,
        { scope: commandScope('debit_batch.create', cmd.livemode, cmd.merchantId), key: cmd.requestId, operation: 'debit_batch.create', request: { csv: cmd.csv.toString('base64'), encoding: cmd.encoding }, param: 'request_id' },
        async () => {
          const customers = await customersStore.byRefs(tx, cmd.livemode, cmd.merchantId, [...new Set(parsed.rows.map((r) => r.customerRef))]);
          const byRef = new Map(customers.map((c) => [c.customerRef, c]));
          const mandates = new Map<string, MandateView[]>();
          for (const c of customers) mandates.set(c.id, await mandatesStore.byCustomer(tx, c.id));
          const errors: BatchRowError[] = [];
          const now = deps.clock.now();
          const id = newId('dbb', now.getTime());
          const items: NewDebit[] = [];
          for (const row of parsed.rows) {
            const customer = byRef.get(row.customerRef);
            if (!customer || customer.erasedAt) {
              errors.push({ row: row.row, field: 'customer_ref', description: 'no such customer' });
              continue;
            }
            const active = (mandates.get(customer.id) ?? []).filter((m) => m.status === 'active' && (!row.contractId || m.contractId === row.contractId));
            if (active.length !== 1) {
              errors.push({ row: row.row, field: active.length === 0 ? 'customer_ref' : 'contract_id', description: active.length === 0 ? 'the customer has no active mandate' : 'several active mandates: name the contract' });
              continue;
            }
            items.push({
              id: newId('dbt', now.getTime()), livemode: cmd.livemode, merchantId: cmd.merchantId, customerId: customer.id, customerRef: customer.customerRef,
              mandateId: active[0].id, contractId: active[0].contractId, amount: row.amount, description: row.description, status: 'queued', batchId: id, batchRow: row.row, now,
            });
          }
          if (errors.length > 0) throw batchValidationError(errors);
          await debitsStore.insertBatch(tx, { id, livemode: cmd.livemode, merchantId: cmd.merchantId, filename: cmd.filename || 'debits.csv', encoding: decoded.encoding, total: items.length, now });
          await debitsStore.insertMany(tx, items);
          return id;
        },
      ),
    );
    deps.logger.info({ batch_id: batchId, replayed, rows: parsed.rows.length, encoding: decoded.encoding }, 'debit batch accepted');
    return (await debitsStore.batch(deps.dataSource, batchId))!;
  }, { livemode: cmd.livemode });
}
