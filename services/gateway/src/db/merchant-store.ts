import type { DataSource, EntityManager } from '@kessai/platform';

type Queryable = Pick<EntityManager, 'query'>;

export interface PayoutAccountRow {
  bank_code: string;
  branch_code: string;
  account_type: number;
  account_number: string;
  holder_name_kana: string;
}

export interface MerchantSettings {
  enabled_store_chains: string[];
  fee_plan: string;
  settlement_cycle: string;
  payout_account: PayoutAccountRow | null;
}

export interface MerchantRow {
  id: string;
  name: string;
  owner_id: string | null;
  settings: MerchantSettings;
  test_virtual_account_number: string;
  live_virtual_account_number: string;
  created_at: Date;
}

export interface ApiKeyRow {
  id: string;
  merchant_id: string;
  livemode: boolean;
  prefix: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const MERCHANT_COLS = 'id, name, owner_id, settings, test_virtual_account_number, live_virtual_account_number, created_at';
const KEY_COLS = 'id, merchant_id, livemode, prefix, created_at, expires_at, revoked_at';

/** The gateway's tables (schema `gateway`, on the connection's search_path). */
export class MerchantStore {
  constructor(private readonly db: DataSource) {}

  async getMerchant(id: string): Promise<MerchantRow | null> {
    const rows: MerchantRow[] = await this.db.query(`SELECT ${MERCHANT_COLS} FROM merchants WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findByVirtualAccount(number: string, livemode: boolean): Promise<MerchantRow | null> {
    const col = livemode ? 'live_virtual_account_number' : 'test_virtual_account_number';
    const rows: MerchantRow[] = await this.db.query(`SELECT ${MERCHANT_COLS} FROM merchants WHERE ${col} = $1`, [number]);
    return rows[0] ?? null;
  }

  async findByCreateKey(key: string): Promise<(MerchantRow & { create_hash: string }) | null> {
    const rows: (MerchantRow & { create_hash: string })[] = await this.db.query(
      `SELECT ${MERCHANT_COLS}, create_hash FROM merchants WHERE create_key = $1`,
      [key],
    );
    return rows[0] ?? null;
  }

  /** Inserts in the caller's transaction; on a unique conflict says which (the caller draws a new number or replays). */
  async insertMerchant(tx: Queryable, row: MerchantRow, createKey: string | null, createHash: string | null): Promise<'ok' | 'number_taken' | 'key_taken'> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO merchants (${MERCHANT_COLS}, create_key, create_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING 1`,
      [row.id, row.name, row.owner_id, JSON.stringify(row.settings), row.test_virtual_account_number, row.live_virtual_account_number, row.created_at, createKey, createHash],
    );
    if (inserted.length) return 'ok';
    if (createKey && (await tx.query(`SELECT 1 FROM merchants WHERE create_key = $1`, [createKey])).length) return 'key_taken';
    return 'number_taken';
  }

  async updateMerchant(tx: Queryable, id: string, name: string | null, settings: MerchantSettings | null): Promise<MerchantRow | null> {
    const rows: MerchantRow[] = await tx.query(
      `WITH u AS (UPDATE merchants SET name = COALESCE($2, name), settings = COALESCE($3::jsonb, settings) WHERE id = $1 RETURNING ${MERCHANT_COLS}) SELECT * FROM u`,
      [id, name, settings ? JSON.stringify(settings) : null],
    );
    return rows[0] ?? null;
  }

  async insertKey(row: ApiKeyRow, hash: string): Promise<void> {
    await this.db.query(`INSERT INTO api_keys (${KEY_COLS}, key_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      row.id, row.merchant_id, row.livemode, row.prefix, row.created_at, row.expires_at, row.revoked_at, hash,
    ]);
  }

  async getKey(id: string): Promise<ApiKeyRow | null> {
    const rows: ApiKeyRow[] = await this.db.query(`SELECT ${KEY_COLS} FROM api_keys WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async keyByHash(hash: string): Promise<ApiKeyRow | null> {
    const rows: ApiKeyRow[] = await this.db.query(`SELECT ${KEY_COLS} FROM api_keys WHERE key_hash = $1`, [hash]);
    return rows[0] ?? null;
  }

  async listKeys(merchantId: string): Promise<ApiKeyRow[]> {
    return this.db.query(`SELECT ${KEY_COLS} FROM api_keys WHERE merchant_id = $1 ORDER BY id`, [merchantId]);
  }

  async setKeyExpiry(id: string, expiresAt: Date): Promise<ApiKeyRow> {
    const rows: ApiKeyRow[] = await this.db.query(
      `WITH u AS (UPDATE api_keys SET expires_at = LEAST(COALESCE(expires_at, $2), $2) WHERE id = $1 RETURNING ${KEY_COLS}) SELECT * FROM u`,
      [id, expiresAt],
    );
    return rows[0];
  }

  async revokeKey(id: string, at: Date): Promise<ApiKeyRow> {
    const rows: ApiKeyRow[] = await this.db.query(
      `WITH u AS (UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING ${KEY_COLS}) SELECT * FROM u`,
      [id, at],
    );
    return rows[0];
  }
}
