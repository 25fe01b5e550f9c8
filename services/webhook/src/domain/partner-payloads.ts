import { CHAIN_IDS, CHAINS, ChainId, isLegacyCustomerNumber, isValidPaymentNumber } from '@kessai/konbini';
import { z } from 'zod';

/**
 * What partner banks send. Each callback carries the partner's own event id
 * (the dedupe key) and is signed over "<timestamp>.<raw body>".
 */
export const bankDepositPayload = z.strictObject({
  id: z.string().min(1).max(100).regex(/^[\x21-\x7e]+$/, 'must be visible ASCII'),
  type: z.literal('deposit.received'),
  account_number: z.string().regex(/^\d{7}$/, 'must be the 7-digit account number'),
  amount: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  received_at: z.iso.datetime({ offset: true }),
  bank_reference: z.string().min(1).max(100),
  payer_name_kana: z.string().max(120).default(''),
  // the bank's business date of arrival and the payer's 金融EDI情報 (optional: older callers send neither)
  business_date: z.iso.date().optional(),
  edi_info: z.string().max(20).optional(),
});
export type BankDepositPayload = z.infer<typeof bankDepositPayload>;

const eventId = z.string().min(1).max(100).regex(/^[\x21-\x7e]+$/, 'must be visible ASCII');
const yen = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const date = z.iso.date();

export const bankTransferPayload = z.strictObject({
  id: eventId,
  type: z.literal('transfer.result'),
  transfer_id: z.string().min(1).max(100),
  result: z.enum(['succeeded', 'failed']),
  failure_code: z.string().max(50).optional(),
  amount: yen,
  executed_on: date,
  // where the transfer was (optional: older callers do not send them)
  file_id: z.string().min(1).max(100).optional(),
  record_number: z.number().int().min(2).max(999_999).optional(),
  reference: z.string().regex(/^\d{20}$/, "must be Kessai's 20-digit reference").optional(),
});

export const bankReversalPayload = z.strictObject({
  id: eventId,
  type: z.literal('reversal.result'),
  request_id: z.string().min(1).max(100),
  file_id: z.string().min(1).max(100),
  record_number: z.number().int().min(2).max(999_999),
  reference: z.string().regex(/^\d{20}$/, "must be Kessai's 20-digit reference"),
  result: z.enum(['accepted', 'refused']),
  reason: z.string().max(50).optional(),
  amount: yen,
  decided_on: date,
});

export const bankDebitPayload = z.strictObject({
  id: eventId,
  type: z.literal('debit.result'),
  debit_id: z.string().min(1).max(100),
  result_code: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(8), z.literal(9)]),
  amount: yen,
  debited_on: date,
});

export const bankMandatesPayload = z.strictObject({
  id: eventId,
  type: z.literal('mandates.reported'),
  mandates: z
    .array(
      z.strictObject({
        customer_number: z.string().min(1).max(20),
        bank_code: z.string().regex(/^\d{4}$/),
        branch_code: z.string().regex(/^\d{3}$/),
        account_type: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(9)]),
        account_number: z.string().regex(/^\d{7}$/),
        status: z.enum(['registered', 'cancelled']),
      }),
    )
    .max(10_000),
});

/** The flag on a store result whose number fits no chain's shape (docs/events.md). */
export const UNRECOGNISED_PAYMENT_NUMBER = 'unrecognised_payment_number';

/**
 * Does `number` have the shape (length, fixed prefix, check digit) of a number
 * Kessai issues for `chain` (packages/konbini, the one chain table)?
 */
export function recognisedPaymentNumber(chain: ChainId, number: string): boolean {
  return isValidPaymentNumber(chain, number);
}

/**
 * A store result reports cash already taken: it is recorded whatever its
 * number looks like. A number that fits no shape of its chain is flagged
 * (UNRECOGNISED_PAYMENT_NUMBER), never refused, so the money is never lost
 * track of; the bound here only keeps the record sane.
 */
export const storePaymentPayload = z.strictObject({
  id: eventId,
  type: z.literal('payment.reported'),
  status: z.enum(['preliminary', 'confirmed', 'cancelled']),
  chain: z.enum(CHAIN_IDS),
  payment_number: z.string().min(1).max(64),
  amount: yen,
  paid_at: z.iso.datetime({ offset: true }),
  store_code: z.string().min(1).max(20),
  /** the store network's id of the transaction, the same on each of its results: billing's identity of the payment (optional) */
  transaction_id: z.string().min(1).max(64).regex(/^[\x21-\x7e]+$/, 'printable ASCII').optional(),
});

/**
 * The store network asks, at the kiosk or till, what a number pays (online
 * inquiry): a payment number of that chain's shape, or a customer number.
 * Nothing has been paid yet, so any other number is refused.
 */
export const storeLookupPayload = z
  .strictObject({
    chain: z.enum(CHAIN_IDS),
    number: z.string().max(64),
  })
  .superRefine((p, ctx) => {
    // a customer number's entry has the chain's own shape; a legacy 17-digit one is its alias at the chains that take one
    const legacy = CHAINS[p.chain].customerNumber !== null && isLegacyCustomerNumber(p.number);
    if (!recognisedPaymentNumber(p.chain, p.number) && !legacy) {
      ctx.addIssue({ code: 'custom', path: ['number'], message: `must be a ${p.chain} payment number${CHAINS[p.chain].customerNumber ? ' or customer number' : ''}` });
    }
  });
