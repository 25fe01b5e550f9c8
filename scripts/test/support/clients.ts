import { ledgerV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';

export function ledgerClient(address: string) {
  return connectClient(ledgerV1.LedgerServiceClient, address);
}

export type LedgerClient = ReturnType<typeof ledgerClient>;

export const AccountType = ledgerV1.AccountType;

export function acct(ownerId: string, type: ledgerV1.AccountType): ledgerV1.AccountRef {
  return { ownerId, type };
}

/**
 * Polls `check` until it returns true (for effects that cross processes: relays, consumers).
 * On a timeout, `explain` (when given) adds what the processes were doing to the error.
 */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000, what = 'condition', explain?: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) {
      const why = explain ? await explain().catch((err: unknown) => `(explaining failed: ${String(err)})`) : '';
      throw new Error(`timed out waiting for ${what}${why ? `\n${why}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
