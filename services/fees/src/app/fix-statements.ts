import { tokyoDate } from '@kessai/bank-calendar';
import { addDays, settlementPeriod } from '@kessai/konbini';
import { newId, useCase } from '@kessai/platform';
import { ledgerOpsStore } from '../db/ledger-ops-store';
import { payoutsStore } from '../db/payouts-store';
import { schedulesStore } from '../db/schedules-store';
import { fixingStore, type StatementRow } from '../db/statements-store';
import { statementDates } from '../domain/payout-dates';
import { feesOn } from '../domain/schedule';
import { computeStatement } from '../domain/statement';
import { tenantShares } from '../domain/statement-tenants';
import { crashAt, type FeesDeps } from './deps';
import { statementEvent } from './events';
import { statementLedgerOp } from './statement-posting';
import { cycleOn, merchantTerms } from './merchant-terms';

/**
 * The job fees.fix-statements (docs/reference/fees-and-settlement.md#payouts):
 * on the 5th bank business day after a close, the period's statement is
 * fixed with every confirmed collection and collection fee not yet on a
 * statement up to that close (payments confirmed late roll into the next
 * statement this way), the previous statement's carry-over and the payout fee.
 * One transaction per statement; a period is fixed once (unique per close).
 * The same transaction queues the statement's ledger transaction
 * (fees.ledger-ops posts it), schedules its payout (fees.submit-payouts) and
 * carries in the failed payouts returned since (account corrected).
 */
export function fixStatements(deps: FeesDeps): Promise<number> {
  return useCase('fees.fix_statements', async () => {
    let fixed = 0;
    // each pass fixes at most one period per merchant and mode; several may be due (a job that did not run)
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const n = await fixDue(deps);
      fixed += n;
      if (n === 0) break;
    }
    return fixed;
  });
}

const MAX_PASSES = 100;

async function fixDue(deps: FeesDeps): Promise<number> {
  const today = tokyoDate(deps.clock.now());
  let fixed = 0;
  for (const account of await fixingStore.openAccounts(deps.dataSource)) {
    // (an owner whose tenants' collections are open may have none of its own: its terms are asked of the gateway then)
    const terms = await deps.dataSource.transaction((tx) => merchantTerms(deps, tx, account.merchantId)).catch((err: unknown) => {
      deps.logger.warn({ merchant_id: account.merchantId, err: err instanceof Error ? err.message : String(err) }, 'contract terms unknown; statement fixed by a later run');
      return null;
    });
    if (!terms || terms.terms.length === 0) continue; // its contract has not reached this service yet: next run
    // what is still open from a period already fixed (confirmed late) rolls into the next period's statement
    const last = await fixingStore.lastClose(deps.dataSource, account.merchantId, account.livemode);
    const from = last && account.earliest <= last ? addDays(last, 1) : account.earliest;
    const cycle = cycleOn(terms, from);
    const period = settlementPeriod(cycle, from);
    const dates = statementDates(period.close);
    if (dates.fixDate > today) continue;
    const done = await deps.dataSource.transaction(async (tx) => {
      const open = await fixingStore.openUpTo(tx, account.merchantId, account.livemode, period.close);
      // a failed payout whose account was corrected comes back in: paid with this statement
      const returned = await payoutsStore.returnedOpen(tx, account.merchantId, account.livemode);
      const carriedIn = (await fixingStore.carriedIn(tx, account.merchantId, account.livemode)) + returned.total;
      const payoutFee = feesOn(await schedulesStore.list(tx, account.merchantId), period.close).amounts.payout_transfer;
      const confirmedCollections = open.collections.reduce((sum, c) => sum + c.amount, 0);
      const figures = computeStatement({ confirmedCollections, lines: open.lines, carriedIn, payoutFee });
      const now = deps.clock.now();
      const row: StatementRow = {
        id: newId('stm', now.getTime()), merchantId: account.merchantId, livemode: account.livemode, settlementCycle: cycle, periodStart: period.start,
        periodClose: period.close, fixDate: dates.fixDate, payoutDate: dates.payoutDate, status: 'fixed', ...figures, fixedAt: now,
      };
      if (!(await fixingStore.insertFixed(tx, row, open))) return false;
      const shares = tenantShares(row.merchantId, open.collections, open.lines);
      await fixingStore.insertTenants(tx, shares.map((t) => ({ statementId: row.id, ...t })));
      await deps.outbox.add(tx, [statementEvent(row)]);
      // the statement's ledger transaction, posted by fees.ledger-ops: committed with the statement, so never lost
      const op = statementLedgerOp(row, shares);
      if (op) await ledgerOpsStore.add(tx, op, now);
      if (returned.total) await payoutsStore.attachReturned(tx, account.merchantId, account.livemode, row.id, returned.total);
      if (row.payoutAmount > 0) {
        await payoutsStore.insert(tx, { id: newId('pyo', now.getTime()), statementId: row.id, merchantId: row.merchantId, livemode: row.livemode, amount: row.payoutAmount, payoutDate: row.payoutDate, now });
      }
      return true;
    });
    if (done) {
      crashAt(deps, 'after-statement-commit');
      fixed++;
      deps.eventsCommitted();
    }
  }
  return fixed;
}
