import type { BankMandateStatus } from '../domain/mandate';
import type { BankMandate } from '../domain/mismatch';
import type { Queryable } from './queryable';

type Row = Record<string, unknown>;

/** The bank's own view of a requester's mandates, as of its latest list (the mismatch list's other side). */
export const bankMandatesStore = {
  async upsert(q: Queryable, livemode: boolean, partner: string, requesterCode: string, asOf: string, importId: string, m: BankMandate): Promise<void> {
    await q.query(
      `INSERT INTO account_transfer.bank_mandates (livemode, partner, requester_code, customer_number, bank_code, branch_code, account_type, account_number, holder_name, status, as_of, import_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
       ON CONFLICT (livemode, partner, requester_code, customer_number) DO UPDATE SET bank_code = EXCLUDED.bank_code, branch_code = EXCLUDED.branch_code,
         account_type = EXCLUDED.account_type, account_number = EXCLUDED.account_number,
         holder_name = CASE WHEN EXCLUDED.holder_name = '' THEN bank_mandates.holder_name ELSE EXCLUDED.holder_name END,
         status = EXCLUDED.status, as_of = EXCLUDED.as_of, import_id = EXCLUDED.import_id`,
      [livemode, partner, requesterCode, m.customerNumber, m.bankCode, m.branchCode, m.accountType, m.accountNumber, m.holderName, m.status, asOf, importId],
    );
  },

  /** A full export replaces the requester's list: entries it no longer lists are gone from the bank. */
  async removeMissing(q: Queryable, livemode: boolean, partner: string, requesterCode: string, importId: string): Promise<void> {
    await q.query(`DELETE FROM account_transfer.bank_mandates WHERE livemode = $1 AND partner = $2 AND requester_code = $3 AND import_id <> $4`, [livemode, partner, requesterCode, importId]);
  },

  async of(q: Queryable, livemode: boolean, partner: string, requesterCode: string): Promise<BankMandate[]> {
    const rows: Row[] = await q.query(
      `SELECT * FROM account_transfer.bank_mandates WHERE livemode = $1 AND partner = $2 AND requester_code = $3 ORDER BY customer_number`,
      [livemode, partner, requesterCode],
    );
    return rows.map((r) => ({
      customerNumber: r.customer_number as string, status: r.status as BankMandateStatus, bankCode: r.bank_code as string, branchCode: r.branch_code as string,
      accountType: r.account_type as string, accountNumber: r.account_number as string, holderName: r.holder_name as string,
    }));
  },
};
