import { newId, NotFoundError, requestHash, ConflictError, ValidationError } from '@kessai/platform';
import { newVirtualAccountNumber } from '../domain/api-keys';
import { validateSettings } from '../domain/merchant';
import type { MerchantRow, MerchantSettings } from '../db/merchant-store';
import type { GatewayDeps } from './deps';
import { merchantEvent } from './merchant-events';

export interface CreateMerchantInput {
  idempotencyKey: string;
  name: string;
  ownerId: string;
  settings: MerchantSettings;
}

/** Creates a merchant (a tenant when it has an owner) with its virtual deposit account numbers. */
export async function createMerchant(deps: GatewayDeps, input: CreateMerchantInput): Promise<MerchantRow> {
  const name = input.name.trim();
  if (!name) throw ValidationError.field('name', 'is required');
  if (name.length > 200) throw ValidationError.field('name', 'must be at most 200 characters');
  validateSettings(input.settings);
  const hash = requestHash({ name, ownerId: input.ownerId, settings: input.settings });
  if (input.idempotencyKey) {
    const existing = await deps.store.findByCreateKey(input.idempotencyKey);
    if (existing) {
      if (existing.create_hash !== hash) throw new ConflictError('idempotency_key_reused', 'this idempotency key was used for another merchant');
      return existing;
    }
  }
  if (input.ownerId) {
    const owner = await deps.store.getMerchant(input.ownerId);
    if (!owner) throw new NotFoundError('merchant', input.ownerId);
    if (owner.owner_id) throw ValidationError.field('owner_id', 'a tenant cannot own tenants');
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const now = deps.clock.now();
    const row: MerchantRow = {
      id: newId('mer', now.getTime()),
      name,
      owner_id: input.ownerId || null,
      settings: input.settings,
      test_virtual_account_number: newVirtualAccountNumber(),
      live_virtual_account_number: newVirtualAccountNumber(),
      created_at: now,
    };
    const outcome = await deps.dataSource.transaction(async (tx) => {
      const inserted = await deps.store.insertMerchant(tx, row, input.idempotencyKey || null, hash);
      if (inserted === 'ok') await deps.outbox.add(tx, [merchantEvent('gateway.merchant.created', row)]);
      return inserted;
    });
    if (outcome === 'ok') {
      deps.eventsCommitted();
      return row;
    }
    if (outcome === 'key_taken') return createMerchant(deps, input);
  }
  throw new Error('could not draw a free virtual account number');
}
