import { accountTransferV1 } from '@kessai/contracts';
import { ValidationError, type UnaryHandlers } from '@kessai/platform';
import type { AccountTransferDeps } from '../app/deps';
import type { BatchWorker } from '../app/batch-worker';
import { createContract } from '../app/create-contract';
import { createCustomer } from '../app/create-customer';
import { createDebit } from '../app/create-debit';
import { createDebitBatch } from '../app/create-debit-batch';
import { createMandate } from '../app/create-mandate';
import { exportDebitBatchResults, getDebitBatch, listDebitBatches } from '../app/debit-batches';
import { exportDebits } from '../app/export-debits';
import { getCustomer } from '../app/get-customer';
import { getDebit } from '../app/get-debit';
import { getMandate } from '../app/get-mandate';
import { listContracts } from '../app/list-contracts';
import { listCustomers } from '../app/list-customers';
import { listDebits } from '../app/list-debits';
import { listMandateImports, listMandates } from '../app/list-mandates';
import { exportMandateMismatches, listMandateMismatches } from '../app/mismatches';
import { listReconciliationItems } from '../app/bank-debit-report';
import { updateCustomer } from '../app/update-customer';
import { resultMeaning, type ResultCode } from '../domain/result-codes';
import * as wire from './mapping';

const meaning = (code: number) => resultMeaning(code as ResultCode);

/** AccountTransferService: each handler maps wire <-> use case, nothing more. */
export function accountTransferHandlers(deps: AccountTransferDeps, worker: BatchWorker): UnaryHandlers<typeof accountTransferV1.AccountTransferServiceService> {
  return {
    async createCustomer(req) {
      return { customer: wire.customerToWire(await createCustomer(deps, { requestId: req.requestId, livemode: req.livemode, merchantId: req.merchantId, input: wire.customerInputFromWire(req.customer) })) };
    },
    async updateCustomer(req) {
      const { customerRef: _ref, ...input } = wire.customerInputFromWire(req.customer);
      return { customer: wire.customerToWire(await updateCustomer(deps, { requestId: req.requestId, livemode: req.livemode, merchantId: req.merchantId, customerId: req.customerId, input })) };
    },
    async getCustomer(req) {
      const r = await getCustomer(deps, req, req.customerId);
      return { customer: wire.customerToWire(r.customer), mandates: r.mandates.map(wire.mandateToWire) };
    },
    async listCustomers(req) {
      const r = await listCustomers(deps, req);
      return { customers: r.items.map(wire.customerToWire), hasMore: r.hasMore };
    },
    async createContract(req) {
      const c = await createContract(deps, {
        requestId: req.requestId, livemode: req.livemode, merchantId: req.merchantId,
        input: { ...req, mode: wire.modeFromWire(req.mode) },
      });
      return { contract: wire.contractToWire(c) };
    },
    async listContracts(req) {
      const r = await listContracts(deps, req);
      return { contracts: r.items.map(wire.contractToWire), hasMore: r.hasMore };
    },
    async createMandate(req) {
      return { mandate: wire.mandateToWire(await createMandate(deps, req)) };
    },
    async getMandate(req) {
      return { mandate: wire.mandateToWire(await getMandate(deps, req, req.mandateId)) };
    },
    async listMandates(req) {
      const status = req.status ? wire.mandateStatusFromWire(req.status) : null;
      if (req.status && !status) throw ValidationError.field('status', 'unknown status');
      const r = await listMandates(deps, { ...req, status });
      return { mandates: r.items.map(wire.mandateToWire), hasMore: r.hasMore };
    },
    async listMandateImports(req) {
      const r = await listMandateImports(deps, req);
      return { imports: r.items.map(wire.importToWire), hasMore: r.hasMore };
    },
    async createDebit(req) {
      const r = await createDebit(deps, { ...req, amount: Number(req.amount) });
      return { debit: wire.debitToWire(r.debit, meaning), replayed: r.replayed };
    },
    async getDebit(req) {
      return { debit: wire.debitToWire(await getDebit(deps, req, req.debitId), meaning) };
    },
    async listDebits(req) {
      const r = await listDebits(deps, wire.debitFilterFromWire(req.filter), req);
      return { debits: r.items.map((d) => wire.debitToWire(d, meaning)), hasMore: r.hasMore };
    },
    async exportDebits(req) {
      const f = await exportDebits(deps, wire.debitFilterFromWire(req.filter), req.encoding);
      return { csv: f.csv, contentType: f.contentType, rows: f.rows };
    },
    async createDebitBatch(req) {
      const b = await createDebitBatch(deps, { ...req, csv: Buffer.from(req.csv) });
      worker.kick();
      return { batch: wire.batchToWire(b) };
    },
    async getDebitBatch(req) {
      return { batch: wire.batchToWire(await getDebitBatch(deps, req, req.batchId)) };
    },
    async listDebitBatches(req) {
      const r = await listDebitBatches(deps, req);
      return { batches: r.items.map(wire.batchToWire), hasMore: r.hasMore };
    },
    async exportDebitBatchResults(req) {
      const f = await exportDebitBatchResults(deps, req, req.batchId, req.encoding);
      return { csv: f.csv, contentType: f.contentType, rows: f.rows };
    },
    async listMandateMismatches(req) {
      const r = await listMandateMismatches(deps, req);
      return { mismatches: r.items.map(wire.mismatchToWire), hasMore: r.hasMore, runOn: r.runOn };
    },
    async exportMandateMismatches(req) {
      const f = await exportMandateMismatches(deps, req);
      return { csv: f.csv, contentType: f.contentType, rows: f.rows };
    },
    async listReconciliationItems(req) {
      const r = await listReconciliationItems(deps, req);
      return { items: r.items.map(wire.reconciliationToWire), hasMore: r.hasMore };
    },
  };
}
