import { TtlCache, type Clock, type DataSource, type EntityManager } from '@kessai/platform';
import type { ApiKey } from '../domain/api-keys';
import type { ContractTerms, Merchant, StoredSettings } from '../domain/merchant';

export type Queryable = Pick<EntityManager, 'query'>;

const MERCHANT_COLS = 'id, name, owner_id, settings, test_virtual_account_number, live_virtual_account_number, created_at, contact_emails, test_invoice_account_number, live_invoice_account_number';
/** A merchant's columns and its contract terms, oldest first (docs/reference/fees-and-settlement.md#the-merchant-contract). */
const MERCHANT_SELECT = `${MERCHANT_COLS},
  (SELECT coalesce(json_agg(json_build_object('fee_plan', t.fee_plan, 'settlement_cycle', t.settlement_cycle, 'effective_from', to_char(t.effective_from, 'YYYY-MM-DD'))
     ORDER BY t.effective_from), '[]'::json) FROM contract_terms t WHERE t.merchant_id = merchants.id) AS contract_terms`;
const KEY_COLS = 'id, merchant_id, livemode, prefix, created_at, expires_at, revoked_at';

/** The gateway's tables (schema `gateway`, on the connection's search_path). */
export class MerchantStore {
  /** Keys by hash and merchants by id for authentication (docs/idempotency.md#the-api-key-cache). */
  private readonly keys: TtlCache<ApiKey>;
  private readonly merchants: TtlCache<Merchant>;

  constructor(
    private readonly db: DataSource,
    clock?: Clock,
    /** how stale an authenticating read may be: a change made through another replica takes effect within it */
    cacheMs = 0,
  ) {
    const c = clock ?? { now: () => new Date() };
    this.keys = new TtlCache(c, cacheMs);
    this.merchants = new TtlCache(c, cacheMs);
  }

  /** keyByHash, cached for the store's bound (a revocation through this process drops the entry at once). */
  cachedKeyByHash(hash: string): Promise<ApiKey | null> {
    return this.keys.get(hash, () => this.keyByHash(hash));
  }

  /** getMerchant, cached for the store's bound (an update through this process drops the entry at once). */
  cachedMerchant(id: string): Promise<Merchant | null> {
    return this.merchants.get(id, () => this.getMerchant(id));
  }

  async getMerchant(id: string, tx: Queryable = this.db): Promise<Merchant | null> {
    const rows: Merchant[] = await tx.query(`SELECT ${MERCHANT_SELECT} FROM merchants WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The merchant, locked until the caller's transaction ends (a contract change reads, then writes, its terms). */
  async lockMerchant(tx: Queryable, id: string): Promise<Merchant | null> {
    const rows: Merchant[] = await tx.query(`SELECT ${MERCHANT_SELECT} FROM merchants WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  /** The merchant owning the number in that mode, and which of its accounts it is (virtual_accounts: one account per number and mode). */
  async findByVirtualAccount(number: string, livemode: boolean): Promise<{ merchant: Merchant; kind: 'deposit' | 'invoice' } | null> {
    const rows: (Merchant & { account_kind: 'deposit' | 'invoice' })[] = await this.db.query(
      `SELECT ${MERCHANT_SELECT}, v.kind AS account_kind FROM virtual_accounts v JOIN merchants ON merchants.id = v.merchant_id WHERE v.livemode = $2 AND v.number = $1`,
      [number, livemode],
    );
    if (!rows[0]) return null;
    const { account_kind, ...merchant } = rows[0];
    return { merchant, kind: account_kind };
  }

  /**
   * Inserts in the caller's transaction; false when a virtual account number is
   * already taken (the caller draws new ones). Create keys live in
   * idempotency_commands (migration 1764900000100).
   */
  async insertMerchant(tx: Queryable, row: Merchant): Promise<boolean> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO merchants (${MERCHANT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING 1`,
      [row.id, row.name, row.owner_id, JSON.stringify(row.settings), row.test_virtual_account_number, row.live_virtual_account_number, row.created_at, row.contact_emails,
        row.test_invoice_account_number, row.live_invoice_account_number],
    );
    if (inserted.length === 0) return false;
    // every number once per mode, whatever its kind: a number taken by another merchant's account (or drawn twice) undoes the insert
    const accounts: unknown[] = await tx.query(
      `INSERT INTO virtual_accounts (livemode, number, merchant_id, kind) VALUES (false, $2, $1, 'deposit'), (true, $3, $1, 'deposit'), (false, $4, $1, 'invoice'), (true, $5, $1, 'invoice')
       ON CONFLICT DO NOTHING RETURNING 1`,
      [row.id, row.test_virtual_account_number, row.live_virtual_account_number, row.test_invoice_account_number, row.live_invoice_account_number],
    );
    if (accounts.length < 4) {
      await tx.query(`DELETE FROM virtual_accounts WHERE merchant_id = $1`, [row.id]);
      await tx.query(`DELETE FROM merchants WHERE id = $1`, [row.id]);
      return false;
    }
    for (const t of row.contract_terms) await this.insertTerms(tx, row.id, t, row.created_at);
    return true;
  }

  /** Drops the merchant's terms not yet in force on `today`, then records `next` (if any). */
  async replacePendingTerms(tx: Queryable, merchantId: string, today: string, next: ContractTerms | null, at: Date): Promise<void> {
    this.merchants.deleteWhere((m) => m.id === merchantId);
    await tx.query(`DELETE FROM contract_terms WHERE merchant_id = $1 AND effective_from > $2::date`, [merchantId, today]);
    if (next) await this.insertTerms(tx, merchantId, next, at);
  }

  private async insertTerms(tx: Queryable, merchantId: string, t: ContractTerms, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO contract_terms (merchant_id, effective_from, fee_plan, settlement_cycle, recorded_at) VALUES ($1, $2::date, $3, $4, $5)`,
      [merchantId, t.effective_from, t.fee_plan, t.settlement_cycle, at],
    );
  }

  /** null leaves a field as it is. */
  async updateMerchant(tx: Queryable, id: string, name: string | null, settings: StoredSettings | null, contactEmails: string[] | null = null): Promise<Merchant | null> {
    const rows: unknown[] = await tx.query(
      `WITH u AS (UPDATE merchants SET name = COALESCE($2, name), settings = COALESCE($3::jsonb, settings), contact_emails = COALESCE($4::text[], contact_emails)
         WHERE id = $1 RETURNING 1) SELECT * FROM u`,
      [id, name, settings ? JSON.stringify(settings) : null, contactEmails],
    );
    this.merchants.deleteWhere((m) => m.id === id);
    return rows.length ? this.getMerchant(id, tx) : null;
  }

  async insertKey(row: ApiKey, hash: string): Promise<void> {
    await this.db.query(`INSERT INTO api_keys (${KEY_COLS}, key_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      row.id, row.merchant_id, row.livemode, row.prefix, row.created_at, row.expires_at, row.revoked_at, hash,
    ]);
  }

  async getKey(id: string): Promise<ApiKey | null> {
    const rows: ApiKey[] = await this.db.query(`SELECT ${KEY_COLS} FROM api_keys WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async keyByHash(hash: string): Promise<ApiKey | null> {
    const rows: ApiKey[] = await this.db.query(`SELECT ${KEY_COLS} FROM api_keys WHERE key_hash = $1`, [hash]);
    return rows[0] ?? null;
  }

  async listKeys(merchantId: string): Promise<ApiKey[]> {
    return this.db.query(`SELECT ${KEY_COLS} FROM api_keys WHERE merchant_id = $1 ORDER BY id`, [merchantId]);
  }

  async setKeyExpiry(id: string, expiresAt: Date): Promise<ApiKey> {
    const rows: ApiKey[] = await this.db.query(
      `WITH u AS (UPDATE api_keys SET expires_at = LEAST(COALESCE(expires_at, $2), $2) WHERE id = $1 RETURNING ${KEY_COLS}) SELECT * FROM u`,
      [id, expiresAt],
    );
    this.keys.deleteWhere((k) => k.id === id);
    return rows[0];
  }

  async revokeKey(id: string, at: Date): Promise<ApiKey> {
    const rows: ApiKey[] = await this.db.query(
      `WITH u AS (UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING ${KEY_COLS}) SELECT * FROM u`,
      [id, at],
    );
    this.keys.deleteWhere((k) => k.id === id);
    return rows[0];
  }
}
