import { yenFromDb } from '@kessai/platform';
import type { DepositNotice } from '../domain/deposit-notice';
import type { Queryable } from './merchant-store';

interface NoticeRow {
  id: string;
  merchant_id: string;
  livemode: boolean;
  amount: string;
  expected_on: string;
  payer_name: string | null;
  reference: string | null;
  created_at: Date;
}

const COLS = `id, merchant_id, livemode, amount, to_char(expected_on, 'YYYY-MM-DD') AS expected_on, payer_name, reference, created_at`;

const fromRow = (r: NoticeRow): DepositNotice => ({ ...r, amount: yenFromDb(r.amount) });

/** Deposit notices (table `deposit_notices`), per merchant and mode. */
export class DepositNoticeStore {
  constructor(private readonly db: Queryable) {}

  async insert(notice: DepositNotice): Promise<DepositNotice> {
    const rows: NoticeRow[] = await this.db.query(
      `INSERT INTO deposit_notices (id, merchant_id, livemode, amount, expected_on, payer_name, reference, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING ${COLS}`,
      [notice.id, notice.merchant_id, notice.livemode, notice.amount, notice.expected_on, notice.payer_name, notice.reference, notice.created_at],
    );
    return fromRow(rows[0]);
  }

  /** Newest first, after the id `before` (exclusive) when given; at most `limit` rows. */
  async list(merchantId: string, livemode: boolean, before: string | null, limit: number): Promise<DepositNotice[]> {
    const rows: NoticeRow[] = await this.db.query(
      `SELECT ${COLS}
         FROM deposit_notices WHERE merchant_id = $1 AND livemode = $2 AND ($3::text IS NULL OR id < $3)
        ORDER BY id DESC LIMIT $4`,
      [merchantId, livemode, before, limit],
    );
    return rows.map(fromRow);
  }
}
