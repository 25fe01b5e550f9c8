import type { ValidContract } from '../domain/contract';
import type { ContractView } from '../domain/views';
import type { Queryable } from './queryable';

type Row = Record<string, unknown>;

function view(r: Row): ContractView {
  return {
    id: r.id as string, livemode: r.livemode as boolean, merchantId: r.merchant_id as string, partner: r.partner as string,
    requesterCode: r.requester_code as string, requesterName: r.requester_name as string, bankCode: r.bank_code as string,
    branchCode: r.branch_code as string, accountType: r.account_type as string, accountNumber: r.account_number as string,
    mode: r.mode as ContractView['mode'], notifyEmail: r.notify_email as string, createdAt: r.created_at as Date,
  };
}

/** Merchants' direct-debit contracts with partner banks. */
export const contractsStore = {
  async insert(q: Queryable, c: ValidContract & { id: string; livemode: boolean; merchantId: string; now: Date }): Promise<ContractView | null> {
    const rows: Row[] = await q.query(
      `INSERT INTO account_transfer.contracts (id, livemode, merchant_id, partner, requester_code, requester_name, bank_code, branch_code, account_type, account_number, mode, notify_email, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) ON CONFLICT (livemode, partner, requester_code) DO NOTHING RETURNING *`,
      [c.id, c.livemode, c.merchantId, c.partner, c.requesterCode, c.requesterName, c.account.bankCode, c.account.branchCode, c.account.accountType, c.account.accountNumber, c.mode, c.notifyEmail, c.now],
    );
    return rows[0] ? view(rows[0]) : null;
  },

  async get(q: Queryable, livemode: boolean, merchantId: string, id: string): Promise<ContractView | null> {
    const rows: Row[] = await q.query(`SELECT * FROM account_transfer.contracts WHERE id = $1 AND livemode = $2 AND merchant_id = $3`, [id, livemode, merchantId]);
    return rows[0] ? view(rows[0]) : null;
  },

  async byId(q: Queryable, id: string): Promise<ContractView | null> {
    const rows: Row[] = await q.query(`SELECT * FROM account_transfer.contracts WHERE id = $1`, [id]);
    return rows[0] ? view(rows[0]) : null;
  },

  async byIds(q: Queryable, ids: string[]): Promise<ContractView[]> {
    const rows: Row[] = await q.query(`SELECT * FROM account_transfer.contracts WHERE id = ANY($1)`, [ids]);
    return rows.map(view);
  },

  async list(q: Queryable, f: { livemode: boolean; merchantId: string; limit: number; afterId?: string }): Promise<ContractView[]> {
    const rows: Row[] = await q.query(
      `SELECT * FROM account_transfer.contracts WHERE livemode = $1 AND merchant_id = $2 AND ($4::text IS NULL OR id > $4) ORDER BY id LIMIT $3`,
      [f.livemode, f.merchantId, f.limit, f.afterId ?? null],
    );
    return rows.map(view);
  },

  async all(q: Queryable, partner?: string): Promise<ContractView[]> {
    const rows: Row[] = await q.query(`SELECT * FROM account_transfer.contracts WHERE ($1::text IS NULL OR partner = $1) ORDER BY livemode, merchant_id, id`, [partner ?? null]);
    return rows.map(view);
  },
};
