import { randomBytes } from 'node:crypto';
import { addCalendarDays } from '@kessai/bank-calendar';
import { useCase } from '@kessai/platform';
import { tokyoToday } from '../domain/debit';
import { countByKind, findMismatches, type Mismatch } from '../domain/mismatch';
import type { ContractView } from '../domain/views';
import { bankMandatesStore } from '../db/bank-mandates-store';
import { contractsStore } from '../db/contracts-store';
import { mandatesStore } from '../db/mandates-store';
import { mismatchesStore } from '../db/mismatches-store';
import type { AccountTransferDeps } from './deps';
import { mismatchesFoundEvent } from './events';
import { importMandates } from './import-mandates';

/**
 * Each morning (docs/reference/account-transfer.md#mismatch-list): fetch
 * every contract's mandate export of the previous day, import it, then
 * compare the master with the bank's data and store the merchant's list —
 * with an event and an email to the merchant when it is not empty.
 */
export function morningMandateRun(deps: AccountTransferDeps): Promise<{ runOn: string; contracts: number; imported: number; failed: number; mismatches: number }> {
  return useCase('account_transfer.morning_mandate_run', async () => {
    const now = deps.clock.now();
    const runOn = tokyoToday(now);
    const asOf = addCalendarDays(runOn, -1);
    const contracts = await contractsStore.all(deps.dataSource);
    let imported = 0;
    let failed = 0;
    for (const c of contracts) {
      try {
        const list = await deps.bank.mandateExport(c.partner, c.requesterCode, asOf);
        const r = await importMandates(deps, { livemode: c.livemode, partner: c.partner, source: 'bank_export', reportId: list.exportId, asOf: list.asOf, requesterCode: c.requesterCode, mandates: list.mandates });
        if (r.imported) imported += 1;
      } catch (err) {
        failed += 1;
        deps.logger.error({ err, contract_id: c.id, partner: c.partner }, 'mandate export could not be fetched: the list uses the bank data Kessai has');
      }
    }
    const byMerchant = new Map<string, ContractView[]>();
    for (const c of contracts) {
      const key = `${c.livemode}:${c.merchantId}`;
      byMerchant.set(key, [...(byMerchant.get(key) ?? []), c]);
    }
    let total = 0;
    for (const list of byMerchant.values()) total += await merchantList(deps, list, runOn);
    return { runOn, contracts: contracts.length, imported, failed, mismatches: total };
  });
}

async function merchantList(deps: AccountTransferDeps, contracts: ContractView[], runOn: string): Promise<number> {
  const { livemode, merchantId } = contracts[0];
  const items: (Mismatch & { id: string; contractId: string })[] = [];
  for (const c of contracts) {
    const found = findMismatches(await mandatesStore.masterOf(deps.dataSource, c.id), await bankMandatesStore.of(deps.dataSource, c.livemode, c.partner, c.requesterCode));
    for (const m of found) items.push({ ...m, contractId: c.id, id: `mmx_${runOn.replace(/-/g, '')}_${String(items.length + 1).padStart(6, '0')}_${randomBytes(4).toString('hex')}` });
  }
  const byKind = countByKind(items);
  const now = deps.clock.now();
  const announced = await deps.dataSource.transaction(async (tx) => {
    const replaced = await mismatchesStore.replaceRun(tx, { livemode, merchantId, runOn, now, items });
    // one event per merchant and morning: a rerun (the scheduled run and an operator's, or a retry) that
    // finds a list where the morning already had one announces nothing new
    if (items.length === 0 || replaced) return false;
    await deps.outbox.add(tx, [mismatchesFoundEvent({ merchantId, livemode, runOn, count: items.length, byKind }, now)]);
    return true;
  });
  if (announced) deps.eventsCommitted();
  if (items.length > 0) {
    const emails = [...new Set(contracts.map((c) => c.notifyEmail))];
    for (const email of emails) {
      await deps.mailer
        .mismatchList({ requestId: `mismatch:${livemode ? 'live' : 'test'}:${merchantId}:${runOn}`, livemode, merchantId, email, runOn, count: items.length, byKind })
        .catch((err: unknown) => deps.logger.error({ err, merchant_id: merchantId }, 'mismatch email could not be queued'));
    }
  }
  return items.length;
}
