import { ValidationError } from '@kessai/platform';

/** One posting in an account's history. */
export interface Entry {
  postingId: string;
  transactionId: string;
  amount: number;
  kind: string;
  description: string;
  postedAt: Date;
  metadata: Record<string, string>;
}

interface Cursor {
  a: string;
  p: string;
}

/** The page token after `postingId` in `account`'s history (bound to the account). */
export function encodeCursor(account: string, postingId: string): string {
  return Buffer.from(JSON.stringify({ a: account, p: postingId } satisfies Cursor)).toString('base64url');
}

/** The posting sequence a page token points after, or a ValidationError on `page_token`. */
export function decodeCursor(token: string, account: string): bigint {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    if (c.a !== account || !/^\d{1,19}$/.test(c.p)) throw new Error('mismatch');
    return BigInt(c.p);
  } catch {
    throw ValidationError.field('page_token', 'not a page token of this account (use next_page_token from the previous page)');
  }
}
