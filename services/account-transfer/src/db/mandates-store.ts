import type { MasterMandate } from '../domain/mismatch';
import type { MandateSource, MandateStatus } from '../domain/mandate';
import type { MandateChangeView, MandateImportView, MandateView } from '../domain/views';
import { isoDate, type Queryable } from './queryable';

type Row = Record<string, unknown>;

function view(r: Row, history: MandateChangeView[]): MandateView {
  return {
    id: r.id as string, livemode: r.livemode as boolean, merchantId: r.merchant_id as string, customerId: r.customer_id as string,
    contractId: r.contract_id as string, partner: r.partner as string, customerNumber: r.customer_number as string,
    status: r.status as MandateStatus, history, createdAt: r.created_at as Date,
  };
}

async function withHistory(q: Queryable, rows: Row[]): Promise<MandateView[]> {
  if (rows.length === 0) return [];
  const changes: Row[] = await q.query(`SELECT * FROM account_transfer.mandate_changes WHERE mandate_id = ANY($1) ORDER BY mandate_id, seq`, [rows.map((r) => r.id)]);
  const by = new Map<string, MandateChangeView[]>();
  for (const c of changes) {
    const list = by.get(c.mandate_id as string) ?? [];
    list.push({ status: c.status as MandateStatus, changedOn: isoDate(c.changed_on), source: c.source as MandateSource, importId: (c.import_id as string | null) ?? null, at: c.at as Date });
    by.set(c.mandate_id as string, list);
  }
  return rows.map((r) => view(r, by.get(r.id as string) ?? []));
}

/** Mandates, their change history and the audited imports of the banks' lists. */
export const mandatesStore = {
  async nextCustomerNumber(q: Queryable): Promise<number> {
    const rows: { n: string }[] = await q.query(`SELECT nextval('account_transfer.customer_numbers') AS n`);
    return Number(rows[0].n);
  },

  async insert(q: Queryable, m: { id: string; livemode: boolean; merchantId: string; customerId: string; contractId: string; partner: string; customerNumber: string; now: Date; today: string }): Promise<void> {
    await q.query(
      `INSERT INTO account_transfer.mandates (id, livemode, merchant_id, customer_id, contract_id, partner, customer_number, status, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,'requested',$8,$8)`,
      [m.id, m.livemode, m.merchantId, m.customerId, m.contractId, m.partner, m.customerNumber, m.now],
    );
    await q.query(`INSERT INTO account_transfer.mandate_changes (mandate_id, seq, status, changed_on, source, at) VALUES ($1, 1, 'requested', $2, 'merchant', $3)`, [m.id, m.today, m.now]);
  },

  async hasOpen(q: Queryable, customerId: string, contractId: string): Promise<boolean> {
    const rows: Row[] = await q.query(`SELECT 1 FROM account_transfer.mandates WHERE customer_id = $1 AND contract_id = $2 AND status IN ('requested', 'active')`, [customerId, contractId]);
    return rows.length > 0;
  },

  async setStatus(q: Queryable, id: string, c: { status: MandateStatus; changedOn: string; source: MandateSource; importId: string | null; now: Date; ended: boolean }): Promise<void> {
    await q.query(`UPDATE account_transfer.mandates SET status = $2, updated_at = $3, ended_on = CASE WHEN $4 THEN $5::date ELSE NULL END WHERE id = $1`, [id, c.status, c.now, c.ended, c.changedOn]);
    await q.query(
      `INSERT INTO account_transfer.mandate_changes (mandate_id, seq, status, changed_on, source, import_id, at)
       SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6 FROM account_transfer.mandate_changes WHERE mandate_id = $1`,
      [id, c.status, c.changedOn, c.source, c.importId, c.now],
    );
  },

  async get(q: Queryable, livemode: boolean, merchantId: string, id: string): Promise<MandateView | null> {
    const rows: Row[] = await q.query(`SELECT * FROM account_transfer.mandates WHERE id = $1 AND livemode = $2 AND merchant_id = $3`, [id, livemode, merchantId]);
    return (await withHistory(q, rows))[0] ?? null;
  },

  async byCustomer(q: Queryable, customerId: string): Promise<MandateView[]> {
    const rows: Row[] = await q.query(`SELECT * FROM account_transfer.mandates WHERE customer_id = $1 ORDER BY created_at, id`, [customerId]);
    return withHistory(q, rows);
  },

  /** Locked, for an import: the partner's mandates with these customer numbers. */
  async byCustomerNumbers(q: Queryable, livemode: boolean, partner: string, numbers: string[]): Promise<Row[]> {
    return q.query(
      `SELECT m.*, c.customer_ref FROM account_transfer.mandates m JOIN account_transfer.customers c ON c.id = m.customer_id
       WHERE m.livemode = $1 AND m.partner = $2 AND m.customer_number = ANY($3) ORDER BY m.customer_number FOR UPDATE OF m`,
      [livemode, partner, numbers],
    );
  },

  async list(q: Queryable, f: { livemode: boolean; merchantId: string; customerId: string; status: MandateStatus | null; limit: number; afterId?: string }): Promise<MandateView[]> {
    const rows: Row[] = await q.query(
      `SELECT * FROM account_transfer.mandates WHERE livemode = $1 AND merchant_id = $2 AND ($3 = '' OR customer_id = $3) AND ($4::text IS NULL OR status = $4)
         AND ($6::text IS NULL OR id < $6) ORDER BY id DESC LIMIT $5`,
      [f.livemode, f.merchantId, f.customerId, f.status, f.limit, f.afterId ?? null],
    );
    return withHistory(q, rows);
  },

  /** The master's side of the mismatch list: every mandate of the contract with its customer's account. */
  async masterOf(q: Queryable, contractId: string): Promise<MasterMandate[]> {
    const rows: Row[] = await q.query(
      `SELECT m.customer_number, m.customer_id, c.customer_ref, m.status, c.bank_code, c.branch_code, c.account_type, c.account_number, c.holder_name
       FROM account_transfer.mandates m JOIN account_transfer.customers c ON c.id = m.customer_id
       WHERE m.contract_id = $1 AND c.erased_at IS NULL ORDER BY m.customer_number`,
      [contractId],
    );
    return rows.map((r) => ({
      customerNumber: r.customer_number as string, customerId: r.customer_id as string, customerRef: r.customer_ref as string, status: r.status as MandateStatus,
      bankCode: r.bank_code as string, branchCode: r.branch_code as string, accountType: r.account_type as string, accountNumber: r.account_number as string, holderName: r.holder_name as string,
    }));
  },

  /** Records an import once per (partner, source, report id); false when it was already imported. */
  async insertImport(q: Queryable, i: { id: string; livemode: boolean; partner: string; source: 'bank_callback' | 'bank_export'; reportId: string; received: number; now: Date }): Promise<boolean> {
    const rows: Row[] = await q.query(
      `INSERT INTO account_transfer.mandate_imports (id, livemode, partner, source, report_id, received, changed, changes, imported_at)
       VALUES ($1,$2,$3,$4,$5,$6,0,'[]',$7) ON CONFLICT (livemode, partner, source, report_id) DO NOTHING RETURNING id`,
      [i.id, i.livemode, i.partner, i.source, i.reportId, i.received, i.now],
    );
    return rows.length > 0;
  },

  async finishImport(q: Queryable, id: string, changes: MandateImportView['changes']): Promise<void> {
    await q.query(`UPDATE account_transfer.mandate_imports SET changed = $2, changes = $3 WHERE id = $1`, [id, changes.length, JSON.stringify(changes)]);
  },

  async listImports(q: Queryable, f: { livemode: boolean; limit: number; afterId?: string }): Promise<MandateImportView[]> {
    const rows: Row[] = await q.query(
      `SELECT * FROM account_transfer.mandate_imports WHERE livemode = $1 AND ($3::text IS NULL OR id < $3) ORDER BY id DESC LIMIT $2`,
      [f.livemode, f.limit, f.afterId ?? null],
    );
    return rows.map((r) => ({
      id: r.id as string, livemode: r.livemode as boolean, partner: r.partner as string, source: r.source as MandateImportView['source'], reportId: r.report_id as string,
      received: r.received as number, changed: r.changed as number, changes: r.changes as MandateImportView['changes'], importedAt: r.imported_at as Date,
    }));
  },
};
