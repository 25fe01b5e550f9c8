import { FieldViolation, requestHash, ValidationError } from '@kessai/platform';
import { ACCOUNT_TYPES, AccountKey, accountId, AccountType, isAccountType, PLATFORM_OWNER } from './accounts';

/** The largest amount one posting may move: far above any real transfer, far below 2^53. */
export const MAX_POSTING_AMOUNT = 1_000_000_000_000;
const MAX_POSTINGS = 100;
const OWNER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const KEY = /^[\x21-\x7e]{1,255}$/;

export interface PostingInput {
  ownerId: string;
  type: string;
  amount: number;
}

export interface PostInput {
  idempotencyKey: string;
  livemode: boolean;
  kind: string;
  description: string;
  merchantId: string;
  metadata: Record<string, string>;
  postings: PostingInput[];
  reversesTransactionId?: string;
}

export interface ValidPosting {
  accountId: string;
  account: AccountKey;
  amount: number;
}

/** A transaction as posted (and stored): what Post, Reverse and GetTransaction answer. */
export interface PostedTransaction {
  id: string;
  idempotencyKey: string;
  livemode: boolean;
  kind: string;
  description: string;
  merchantId: string;
  metadata: Record<string, string>;
  postings: { accountId: string; amount: number }[];
  postedAt: Date;
  reversesTransactionId: string;
}

/** A validated transaction, ready for the store. */
export interface PostCommand {
  idempotencyKey: string;
  /**
   * The platform's `requestHash` of the request without its key, stored on the
   * transaction row and compared on a retry (see db/ledger-store.ts).
   */
  requestHash: string;
  livemode: boolean;
  kind: string;
  description: string;
  merchantId: string;
  metadata: Record<string, string>;
  postings: ValidPosting[];
  reversesTransactionId?: string;
}

/**
 * Checks a transaction request and names every bad field (`postings[1].amount`).
 * Rules: an idempotency key; two or more postings of whole non-zero yen that
 * sum to zero; known account types; platform types only on the platform owner.
 */
export function validatePost(input: PostInput, path = ''): PostCommand {
  const v: FieldViolation[] = [];
  const at = (f: string) => (path ? `${path}.${f}` : f);
  if (!KEY.test(input.idempotencyKey ?? '')) v.push({ field: at('idempotency_key'), description: 'required: 1-255 printable ASCII characters' });
  if (!/^[a-z][a-z0-9_.]{0,63}$/.test(input.kind ?? '')) v.push({ field: at('kind'), description: 'required: lower-case words with dots or underscores, e.g. "deposit.received"' });
  if ((input.description ?? '').length > 500) v.push({ field: at('description'), description: 'at most 500 characters' });
  if (input.merchantId && !OWNER_ID.test(input.merchantId)) v.push({ field: at('merchant_id'), description: 'letters, digits, _ or -, at most 64' });
  const metaEntries = Object.entries(input.metadata ?? {});
  if (metaEntries.length > 50) v.push({ field: at('metadata'), description: 'at most 50 entries' });
  for (const [k, val] of metaEntries) {
    if (k.length > 64 || val.length > 500) v.push({ field: at(`metadata.${k.slice(0, 64)}`), description: 'keys at most 64, values at most 500 characters' });
  }
  const postings = input.postings ?? [];
  if (postings.length < 2) v.push({ field: at('postings'), description: 'a transaction needs at least two postings' });
  if (postings.length > MAX_POSTINGS) v.push({ field: at('postings'), description: `at most ${MAX_POSTINGS} postings` });
  let sum = 0;
  const valid: ValidPosting[] = [];
  postings.forEach((p, i) => {
    const f = (name: string) => at(`postings[${i}].${name}`);
    let ok = true;
    if (!Number.isSafeInteger(p.amount) || p.amount === 0 || Math.abs(p.amount) > MAX_POSTING_AMOUNT) {
      v.push({ field: f('amount'), description: `must be a non-zero whole number of yen, at most ${MAX_POSTING_AMOUNT} either way` });
      ok = false;
    } else sum += p.amount;
    if (!isAccountType(p.type)) {
      v.push({ field: f('account.type'), description: `unknown account type; one of ${Object.keys(ACCOUNT_TYPES).join(', ')}` });
      ok = false;
    }
    if (!OWNER_ID.test(p.ownerId ?? '')) {
      v.push({ field: f('account.owner_id'), description: 'required: a merchant id or "platform"' });
      ok = false;
    } else if (isAccountType(p.type)) {
      const platformType = ACCOUNT_TYPES[p.type].platform;
      if (platformType !== (p.ownerId === PLATFORM_OWNER)) {
        v.push({ field: f('account.owner_id'), description: platformType ? `${p.type} belongs to "platform"` : `${p.type} belongs to a merchant, not "platform"` });
        ok = false;
      }
    }
    if (ok) {
      const account: AccountKey = { livemode: input.livemode, ownerId: p.ownerId, type: p.type as AccountType };
      valid.push({ accountId: accountId(account), account, amount: p.amount });
    }
  });
  if (v.length === 0 && sum !== 0) v.push({ field: at('postings'), description: `postings must sum to zero (they sum to ${sum})` });
  if (v.length > 0) throw new ValidationError(v);
  return {
    idempotencyKey: input.idempotencyKey,
    requestHash: requestHash({ ...input, idempotencyKey: undefined }),
    livemode: input.livemode,
    kind: input.kind,
    description: input.description ?? '',
    merchantId: input.merchantId ?? '',
    metadata: input.metadata ?? {},
    postings: valid,
    reversesTransactionId: input.reversesTransactionId,
  };
}
