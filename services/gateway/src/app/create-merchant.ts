import { tokyoDate } from '@kessai/bank-calendar';
import { newId, NotFoundError, requestHash, useCase, ValidationError } from '@kessai/platform';
import { newVirtualAccountNumber } from '../domain/api-keys';
import { contactEmails, merchantName, validateSettings, type Merchant, type MerchantSettings } from '../domain/merchant';
import type { GatewayDeps } from './deps';
import { merchantEvent } from './merchant-events';

export interface CreateMerchantInput {
  /** empty: no idempotency (every call creates a merchant) */
  idempotencyKey: string;
  name: string;
  ownerId: string;
  settings: MerchantSettings;
  contactEmails?: string[];
}

/** Idempotency scope and operation of merchant creation (the keys are operators', unique across merchants). */
const CREATE_MERCHANT = 'merchant.create';

/**
 * The request a create key is bound to, as one fingerprint. Keys from before
 * the platform's idempotency commands were stored with exactly this hash
 * (`merchants.create_hash`), so migration 1764900000100 carries them over as is;
 * contact emails join the fingerprint only when given, so those keys still match.
 */
function createMerchantFingerprint(name: string, ownerId: string, settings: MerchantSettings, emails: string[]): string {
  return requestHash(emails.length ? { name, ownerId, settings, contactEmails: emails } : { name, ownerId, settings });
}

/** What an idempotency command stores: the id; a replay answers the merchant as it is now. */
interface Created {
  merchantId: string;
}

const DRAWS = 20;

/** Creates a merchant (a tenant when it has an owner) with its virtual account numbers: the deposit's and the fee invoices', per mode. */
export function createMerchant(deps: GatewayDeps, input: CreateMerchantInput): Promise<Merchant> {
  return useCase('gateway.create_merchant', async () => {
    const name = merchantName(input.name, true);
    const valid = validateSettings(input.settings);
    const emails = contactEmails(input.contactEmails ?? []);
    const created = await deps.dataSource.transaction(async (tx) => {
      const work = async (): Promise<Created> => {
        if (input.ownerId) {
          const owner = await deps.store.getMerchant(input.ownerId, tx);
          if (!owner) throw new NotFoundError('merchant', input.ownerId);
          if (owner.owner_id) throw ValidationError.field('owner_id', 'a tenant cannot own tenants');
        }
        for (let attempt = 0; attempt < DRAWS; attempt++) {
          const now = deps.clock.now();
          const row: Merchant = {
            id: newId('mer', now.getTime()),
            name,
            owner_id: input.ownerId || null,
            settings: valid.stored,
            // the first terms are in force from the day the merchant is created (Tokyo)
            contract_terms: [{ fee_plan: valid.fee_plan, settlement_cycle: valid.settlement_cycle, effective_from: tokyoDate(now) }],
            test_virtual_account_number: newVirtualAccountNumber(),
            live_virtual_account_number: newVirtualAccountNumber(),
            test_invoice_account_number: newVirtualAccountNumber(),
            live_invoice_account_number: newVirtualAccountNumber(),
            created_at: now,
            contact_emails: emails,
          };
          if (await deps.store.insertMerchant(tx, row)) {
            await deps.outbox.add(tx, [merchantEvent('gateway.merchant.created', row)]);
            return { merchantId: row.id };
          }
        }
        throw new Error('could not draw a free virtual account number');
      };
      if (!input.idempotencyKey) return { value: await work(), replayed: false };
      return deps.idempotency.run(
        tx,
        { scope: CREATE_MERCHANT, key: input.idempotencyKey, operation: CREATE_MERCHANT, request: createMerchantFingerprint(name, input.ownerId, input.settings, emails) },
        work,
      );
    });
    const merchant = await deps.store.getMerchant(created.value.merchantId);
    if (!merchant) throw new NotFoundError('merchant', created.value.merchantId);
    if (!created.replayed) {
      deps.eventsCommitted();
      deps.metrics.merchantsCreated.inc({ tenant: String(Boolean(input.ownerId)) });
    }
    return merchant;
  }, { tenant: Boolean(input.ownerId) });
}
