import { ledgerV1 } from '@kessai/contracts';

/** `mer_123:deposit` or `platform:platform_bank` -> AccountRef. */
export function parseAccount(text: string, flag: string): ledgerV1.AccountRef {
  const m = /^([A-Za-z0-9_-]{1,64}):([a-z_]+)$/.exec(text ?? '');
  if (!m) throw new UsageError(`${flag}: expected <owner>:<type>, e.g. mer_123:deposit or platform:platform_bank`);
  const type = (ledgerV1.AccountType as unknown as Record<string, number>)[`ACCOUNT_TYPE_${m[2].toUpperCase()}`];
  if (type === undefined) throw new UsageError(`${flag}: unknown account type "${m[2]}"`);
  return { ownerId: m[1], type };
}

export function parseYen(text: string | undefined, flag: string): number {
  if (text === undefined || !/^-?\d+$/.test(text.replace(/_/g, ''))) throw new UsageError(`${flag}: a whole number of yen`);
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(n)) throw new UsageError(`${flag}: too large`);
  return n;
}

export class UsageError extends Error {}
