import { returnedRows, yenFromDb } from '@kessai/platform';
import type { Recipient, Scope } from '../domain/entities';
import type { SplitCandidate } from '../domain/recipients';
import { sha256 } from '../domain/secrets';
import type { RecipientStatus } from '../domain/types';
import type { Queryable } from './queryable';
import { scopeCondition } from './scope';

interface RecipientRow {
  id: string;
  order_id: string;
  livemode: boolean;
  merchant_id: string;
  row_number: number;
  name: string;
  name_kana: string;
  kana_key: string;
  amount: string;
  email: string;
  phone: string;
  postal_address: Recipient['postalAddress'];
  reference: string;
  account: Recipient['account'];
  account_key: string;
  status: RecipientStatus;
  hold_id: string | null;
  held: boolean;
  earmark_round: number;
  link_token: string | null;
  code: string | null;
  code_hash: string | null;
  wrong_codes: number;
  locked_at: Date | null;
  contact_round: number;
  round_started_at: Date | null;
  round_channels: Recipient['roundChannels'];
  contacted_channels: Recipient['contactedChannels'];
  next_contact_at: Date | null;
  last_contacted_at: Date | null;
  registered_at: Date | null;
  funds_confirmed_at: Date | null;
  transfer_id: string | null;
  transfer_date: string | null;
  transfer_attempts: number;
  failure_code: string;
  paid_at: Date | null;
  personal_data_deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `r.id, r.order_id, r.livemode, r.merchant_id, r.row_number, r.name, r.name_kana, r.kana_key, r.amount, r.email, r.phone, r.postal_address,
  r.reference, r.account, r.account_key, r.status, r.hold_id, r.held, r.earmark_round, r.link_token, r.code, r.code_hash, r.wrong_codes, r.locked_at,
  r.contact_round, r.round_started_at, r.round_channels, r.contacted_channels, r.next_contact_at, r.last_contacted_at, r.registered_at,
  r.funds_confirmed_at, r.transfer_id, to_char(r.transfer_date, 'YYYY-MM-DD') AS transfer_date, r.transfer_attempts, r.failure_code, r.paid_at,
  r.personal_data_deleted_at, r.created_at, r.updated_at`;

function fromRow(r: RecipientRow): Recipient {
  return {
    id: r.id,
    orderId: r.order_id,
    livemode: r.livemode,
    merchantId: r.merchant_id,
    rowNumber: r.row_number,
    name: r.name,
    nameKana: r.name_kana,
    kanaKey: r.kana_key,
    amount: yenFromDb(r.amount),
    email: r.email,
    phone: r.phone,
    postalAddress: r.postal_address,
    reference: r.reference,
    account: r.account,
    accountKey: r.account_key,
    status: r.status,
    holdId: r.hold_id,
    held: r.held,
    earmarkRound: r.earmark_round,
    linkToken: r.link_token,
    code: r.code,
    codeHash: r.code_hash,
    wrongCodes: r.wrong_codes,
    lockedAt: r.locked_at,
    contactRound: r.contact_round,
    roundStartedAt: r.round_started_at,
    roundChannels: r.round_channels,
    contactedChannels: r.contacted_channels,
    nextContactAt: r.next_contact_at,
    lastContactedAt: r.last_contacted_at,
    registeredAt: r.registered_at,
    fundsConfirmedAt: r.funds_confirmed_at,
    transferId: r.transfer_id,
    transferDate: r.transfer_date,
    transferAttempts: r.transfer_attempts,
    failureCode: r.failure_code,
    paidAt: r.paid_at,
    personalDataDeletedAt: r.personal_data_deleted_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Recipients: all the SQL on remittance.recipients. */
export const recipientsStore = {
  /** Many rows in few statements (an upload of 10,000 is one transaction). */
  async insertMany(q: Queryable, rows: Recipient[]): Promise<void> {
    const CHUNK = 500;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      await q.query(
        `INSERT INTO remittance.recipients (id, order_id, livemode, merchant_id, row_number, name, name_kana, kana_key, amount, email, phone, postal_address,
           reference, account, account_key, status, created_at, updated_at)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id text, order_id text, livemode boolean, merchant_id text, row_number int, name text, name_kana text,
           kana_key text, amount bigint, email text, phone text, postal_address jsonb, reference text, account jsonb, account_key text, status text,
           created_at timestamptz, updated_at timestamptz)`,
        [
          JSON.stringify(
            chunk.map((r) => ({
              id: r.id, order_id: r.orderId, livemode: r.livemode, merchant_id: r.merchantId, row_number: r.rowNumber, name: r.name, name_kana: r.nameKana,
              kana_key: r.kanaKey, amount: r.amount, email: r.email, phone: r.phone, postal_address: r.postalAddress, reference: r.reference, account: r.account,
              account_key: r.accountKey, status: r.status, created_at: r.createdAt, updated_at: r.updatedAt,
            })),
          ),
        ],
      );
    }
  },

  async get(q: Queryable, id: string, lock = false): Promise<Recipient | undefined> {
    const rows: RecipientRow[] = await q.query(`SELECT ${COLUMNS} FROM remittance.recipients r WHERE r.id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  },

  async getScoped(q: Queryable, scope: Scope, id: string, lock = false): Promise<Recipient | undefined> {
    const params: unknown[] = [id];
    const cond = scopeCondition('o', scope, params);
    const rows: RecipientRow[] = await q.query(
      `SELECT ${COLUMNS} FROM remittance.recipients r JOIN remittance.orders o ON o.id = r.order_id WHERE r.id = $1 AND ${cond} ${lock ? 'FOR UPDATE OF r' : ''}`,
      params,
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  },

  async byTokenHash(q: Queryable, tokenHash: string, lock = false): Promise<Recipient | undefined> {
    const rows: RecipientRow[] = await q.query(`SELECT ${COLUMNS} FROM remittance.recipients r WHERE r.token_hash = $1 ${lock ? 'FOR UPDATE' : ''}`, [tokenHash]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  },

  async ofOrder(q: Queryable, orderId: string, opts: { status?: RecipientStatus; afterRow?: number; limit?: number; lock?: boolean } = {}): Promise<Recipient[]> {
    const params: unknown[] = [orderId];
    const where = ['r.order_id = $1'];
    if (opts.status) {
      params.push(opts.status);
      where.push(`r.status = $${params.length}`);
    }
    if (opts.afterRow !== undefined) {
      params.push(opts.afterRow);
      where.push(`r.row_number > $${params.length}`);
    }
    let limit = '';
    if (opts.limit) {
      params.push(opts.limit);
      limit = `LIMIT $${params.length}`;
    }
    const rows: RecipientRow[] = await q.query(`SELECT ${COLUMNS} FROM remittance.recipients r WHERE ${where.join(' AND ')} ORDER BY r.row_number ${limit} ${opts.lock ? 'FOR UPDATE' : ''}`, params);
    return rows.map(fromRow);
  },

  async splitCandidates(q: Queryable, orderId: string): Promise<SplitCandidate[]> {
    const rows: { row_number: number; kana_key: string; amount: string; email: string; phone: string; postal_address: SplitCandidate['postalAddress']; account_key: string }[] =
      await q.query(`SELECT row_number, kana_key, amount, email, phone, postal_address, account_key FROM remittance.recipients WHERE order_id = $1 AND status <> 'cancelled'`, [orderId]);
    return rows.map((r) => ({ rowNumber: r.row_number, kanaKey: r.kana_key, amount: yenFromDb(r.amount), email: r.email, phone: r.phone, postalAddress: r.postal_address, accountKey: r.account_key }));
  },

  /** Other live recipients of the order registered to the same account (the split check at registration). */
  async sameAccount(q: Queryable, orderId: string, accountKey: string, exceptId: string): Promise<Recipient[]> {
    const rows: RecipientRow[] = await q.query(
      `SELECT ${COLUMNS} FROM remittance.recipients r WHERE r.order_id = $1 AND r.account_key = $2 AND r.id <> $3 AND r.status NOT IN ('cancelled', 'expired')`,
      [orderId, accountKey, exceptId],
    );
    return rows.map(fromRow);
  },

  async save(q: Queryable, r: Recipient): Promise<void> {
    await q.query(
      `UPDATE remittance.recipients SET account = $2, account_key = $3, status = $4, hold_id = $5, held = $6, earmark_round = $7, link_token = $8, code = $9,
         code_hash = $10, token_hash = $11, wrong_codes = $12, locked_at = $13, contact_round = $14, round_started_at = $15, round_channels = $16,
         contacted_channels = $17, next_contact_at = $18, last_contacted_at = $19, registered_at = $20, funds_confirmed_at = $21, transfer_id = $22,
         transfer_date = $23, transfer_attempts = $24, failure_code = $25, paid_at = $26, updated_at = $27
       WHERE id = $1`,
      [
        r.id, r.account ? JSON.stringify(r.account) : null, r.accountKey, r.status, r.holdId, r.held, r.earmarkRound, r.linkToken, r.code, r.codeHash,
        r.linkToken ? tokenHashOf(r) : null, r.wrongCodes, r.lockedAt, r.contactRound, r.roundStartedAt, r.roundChannels, r.contactedChannels, r.nextContactAt,
        r.lastContactedAt, r.registeredAt, r.fundsConfirmedAt, r.transferId, r.transferDate, r.transferAttempts, r.failureCode, r.paidAt, r.updatedAt,
      ],
    );
  },

  /**
   * `save` for many recipients: one statement per 1,000 (an approval
   * earmarks a whole order at once; one UPDATE per recipient made a
   * 10,000-recipient approval outlive the gateway's deadline).
   */
  async saveMany(q: Queryable, rs: Recipient[]): Promise<void> {
    for (let i = 0; i < rs.length; i += 1000) {
      const rows = rs.slice(i, i + 1000).map((r) => ({
        id: r.id, account: r.account, account_key: r.accountKey, status: r.status, hold_id: r.holdId, held: r.held, earmark_round: r.earmarkRound,
        link_token: r.linkToken, code: r.code, code_hash: r.codeHash, token_hash: r.linkToken ? tokenHashOf(r) : null, wrong_codes: r.wrongCodes,
        locked_at: r.lockedAt, contact_round: r.contactRound, round_started_at: r.roundStartedAt, round_channels: r.roundChannels,
        contacted_channels: r.contactedChannels, next_contact_at: r.nextContactAt, last_contacted_at: r.lastContactedAt, registered_at: r.registeredAt,
        funds_confirmed_at: r.fundsConfirmedAt, transfer_id: r.transferId, transfer_date: r.transferDate, transfer_attempts: r.transferAttempts,
        failure_code: r.failureCode, paid_at: r.paidAt, updated_at: r.updatedAt,
      }));
      await q.query(
        `UPDATE remittance.recipients t SET account = x.account, account_key = x.account_key, status = x.status, hold_id = x.hold_id, held = x.held,
           earmark_round = x.earmark_round, link_token = x.link_token, code = x.code, code_hash = x.code_hash, token_hash = x.token_hash,
           wrong_codes = x.wrong_codes, locked_at = x.locked_at, contact_round = x.contact_round, round_started_at = x.round_started_at,
           round_channels = x.round_channels, contacted_channels = x.contacted_channels, next_contact_at = x.next_contact_at,
           last_contacted_at = x.last_contacted_at, registered_at = x.registered_at, funds_confirmed_at = x.funds_confirmed_at, transfer_id = x.transfer_id,
           transfer_date = x.transfer_date, transfer_attempts = x.transfer_attempts, failure_code = x.failure_code, paid_at = x.paid_at, updated_at = x.updated_at
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, account jsonb, account_key text, status text, hold_id text, held boolean, earmark_round integer,
           link_token text, code text, code_hash text, token_hash text, wrong_codes integer, locked_at timestamptz, contact_round integer,
           round_started_at timestamptz, round_channels text[], contacted_channels text[], next_contact_at timestamptz, last_contacted_at timestamptz,
           registered_at timestamptz, funds_confirmed_at timestamptz, transfer_id text, transfer_date date, transfer_attempts integer, failure_code text,
           paid_at timestamptz, updated_at timestamptz)
         WHERE t.id = x.id`,
        [JSON.stringify(rows)],
      );
    }
  },

  /** Recipients whose outreach step is due. */
  async contactDue(q: Queryable, now: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await q.query(`SELECT id FROM remittance.recipients WHERE next_contact_at <= $1 ORDER BY next_contact_at LIMIT $2`, [now, limit]);
    return rows.map((r) => r.id);
  },

  /** Registered and funded recipients without a transfer yet. */
  async readyToSchedule(q: Queryable, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await q.query(
      `SELECT id FROM remittance.recipients WHERE status IN ('awaiting_registration', 'pending', 'failed') AND held AND account IS NOT NULL AND transfer_id IS NULL
         AND registered_at IS NOT NULL ORDER BY registered_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  },

  /** Recipients whose share must be earmarked again (after a failed transfer). */
  async waitingForFunds(q: Queryable, filter: { livemode?: boolean; merchantId?: string }): Promise<string[]> {
    const params: unknown[] = [];
    const where = [`status = 'waiting_for_funds'`];
    if (filter.livemode !== undefined) {
      params.push(filter.livemode);
      where.push(`livemode = $${params.length}`);
    }
    if (filter.merchantId) {
      params.push(filter.merchantId);
      where.push(`merchant_id = $${params.length}`);
    }
    const rows: { id: string }[] = await q.query(`SELECT id FROM remittance.recipients WHERE ${where.join(' AND ')} ORDER BY updated_at, id`, params);
    return rows.map((r) => r.id);
  },

  /** Blanks a closed order's personal data; amounts, statuses and references stay. */
  async deletePersonalData(q: Queryable, orderId: string, now: Date): Promise<number> {
    const rows: unknown[] = await q.query(
      `UPDATE remittance.recipients SET name = '', name_kana = '', kana_key = '', email = '', phone = '', postal_address = NULL,
         account = CASE WHEN account IS NULL THEN NULL ELSE jsonb_build_object('bankCode', account->>'bankCode', 'branchCode', account->>'branchCode') END,
         account_key = '', link_token = NULL, code = NULL, code_hash = NULL, token_hash = NULL, personal_data_deleted_at = $2, updated_at = $2
       WHERE order_id = $1 AND personal_data_deleted_at IS NULL RETURNING id`,
      [orderId, now],
    );
    await q.query(`DELETE FROM remittance.registration_sessions s USING remittance.recipients r WHERE s.recipient_id = r.id AND r.order_id = $1`, [orderId]);
    return returnedRows(rows).length;
  },
};


function tokenHashOf(r: Recipient): string {
  return sha256(r.linkToken!);
}
