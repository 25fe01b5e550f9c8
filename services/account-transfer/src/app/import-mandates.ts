import { newId, useCase, type EntityManager } from '@kessai/platform';
import { hasEnded, statusFromBank, type MandateSource, type MandateStatus } from '../domain/mandate';
import type { BankMandateEntry } from '../domain/partner-bank';
import type { MandateImportView } from '../domain/views';
import { bankMandatesStore } from '../db/bank-mandates-store';
import { contractsStore } from '../db/contracts-store';
import { customersStore } from '../db/customers-store';
import { mandatesStore } from '../db/mandates-store';
import type { AccountTransferDeps } from './deps';
import { mandateChangedEvent } from './events';

export interface MandateList {
  livemode: boolean;
  partner: string;
  source: Exclude<MandateSource, 'merchant'>;
  /** the bank's report or export id: a list imports once */
  reportId: string;
  /** the bank's date of the list (Tokyo) */
  asOf: string;
  /** set for an export (a requester's whole list); the callback lists changes of any requester */
  requesterCode?: string;
  mandates: BankMandateEntry[];
}

/**
 * Imports a bank's mandate list into the master: each listed mandate takes
 * the bank's status, with its date, source and an event. The same list
 * imported twice changes nothing (keyed by report id), and every import is
 * audited with what it changed (docs/reference/account-transfer.md#mandate-sync).
 * Runs inside the caller's transaction (an inbox consumer's) or its own.
 */
export function importMandates(deps: AccountTransferDeps, list: MandateList, outer?: EntityManager): Promise<{ imported: boolean; changes: MandateImportView['changes'] }> {
  return useCase('account_transfer.import_mandates', async () => {
    const work = async (tx: EntityManager) => {
      const now = deps.clock.now();
      const importId = newId('mdi', now.getTime());
      if (!(await mandatesStore.insertImport(tx, { id: importId, livemode: list.livemode, partner: list.partner, source: list.source, reportId: list.reportId, received: list.mandates.length, now }))) {
        return { imported: false, changes: [] };
      }
      const rows = await mandatesStore.byCustomerNumbers(tx, list.livemode, list.partner, list.mandates.map((m) => m.customerNumber));
      const byNumber = new Map(rows.map((r) => [r.customer_number as string, r]));
      const requesterOf = new Map<string, string>();
      if (rows.length > 0) {
        for (const c of await contractsStore.byIds(tx, [...new Set(rows.map((r) => r.contract_id as string))])) requesterOf.set(c.id, c.requesterCode);
      }
      const changes: MandateImportView['changes'] = [];
      const events = [];
      for (const entry of list.mandates) {
        const row = byNumber.get(entry.customerNumber);
        const requester = list.requesterCode ?? (row ? requesterOf.get(row.contract_id as string) : undefined);
        if (requester) await bankMandatesStore.upsert(tx, list.livemode, list.partner, requester, list.asOf, importId, { ...entry });
        if (!row) continue;
        if (list.requesterCode && requesterOf.get(row.contract_id as string) !== list.requesterCode) continue;
        const from = row.status as MandateStatus;
        const to = statusFromBank(from, entry.status);
        if (!to) continue;
        const changedOn = entry.changedOn || list.asOf;
        await mandatesStore.setStatus(tx, row.id as string, { status: to, changedOn, source: list.source, importId, now, ended: hasEnded(to) });
        if (hasEnded(to)) await customersStore.touchActivity(tx, row.customer_id as string, changedOn);
        changes.push({ mandate_id: row.id as string, from, to });
        events.push(mandateChangedEvent(
          { id: row.id as string, merchantId: row.merchant_id as string, livemode: list.livemode, customerId: row.customer_id as string, customerRef: row.customer_ref as string, contractId: row.contract_id as string },
          { status: to, previous: from, changedOn, source: list.source },
          now,
        ));
      }
      if (list.requesterCode) await bankMandatesStore.removeMissing(tx, list.livemode, list.partner, list.requesterCode, importId);
      await mandatesStore.finishImport(tx, importId, changes);
      if (events.length > 0) await deps.outbox.add(tx, events);
      return { imported: true, changes };
    };
    const result = outer ? await work(outer) : await deps.dataSource.transaction(work);
    if (result.changes.length > 0) deps.eventsCommitted();
    deps.metrics.mandateChanges(list.source, result.changes.length);
    deps.logger.info({ partner: list.partner, source: list.source, report_id: list.reportId, received: list.mandates.length, changed: result.changes.length, imported: result.imported }, 'mandate list imported');
    return result;
  }, { livemode: list.livemode, source: list.source, received: list.mandates.length });
}
