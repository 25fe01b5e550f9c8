import { randomBytes } from 'node:crypto';
import { gatewayV1, webhookV1 } from '@kessai/contracts';
import { connectClient, serviceAddress } from '@kessai/platform';
import { UsageError } from './args';

/**
 * `kessai merchants …` and `kessai keys …`: the gateway's operator-only admin
 * API. The operator token comes from KESSAI_OPERATOR_TOKEN (the development
 * default otherwise).
 */
export interface AdminFlags {
  name?: string;
  owner?: string;
  merchant?: string;
  key?: string;
  live: boolean;
  grace?: string;
  chains?: string;
  cycle?: string;
  plan?: string;
  /** --contact-email, repeatable */
  'contact-email'?: string[];
  login?: string;
  email?: string;
  role?: string;
}

export async function adminCommand(area: string, action: string | undefined, flags: AdminFlags): Promise<unknown> {
  const token = process.env.KESSAI_OPERATOR_TOKEN ?? 'dev-operator-token';
  const call = { metadata: { authorization: `Bearer ${token}` } };
  const admin = connectClient(gatewayV1.MerchantAdminServiceClient, serviceAddress('gateway'));
  const need = (v: string | undefined, flag: string) => {
    if (!v) throw new UsageError(`${flag} is required`);
    return v;
  };
  if (area === 'merchants' && action === 'create') {
    return admin.createMerchant(
      {
        idempotencyKey: flags.key ?? '',
        name: need(flags.name, '--name'),
        ownerId: flags.owner ?? '',
        settings: { enabledStoreChains: flags.chains ? flags.chains.split(',') : [], feePlan: flags.plan ?? 'collection_plan', settlementCycle: flags.cycle ?? 'monthly' },
        contactEmails: { emails: flags['contact-email'] ?? [] },
      },
      call,
    );
  }
  if (area === 'merchants' && action === 'update') {
    // Only what is given changes; --contact-email replaces the whole list, --contact-email '' removes every address.
    const emails = flags['contact-email'];
    return admin.updateMerchant(
      { merchantId: need(flags.merchant, '--merchant'), name: flags.name ?? '', contactEmails: emails ? { emails: emails.filter((e) => e !== '') } : undefined },
      call,
    );
  }
  if (area === 'keys') {
    switch (action) {
      case 'issue':
        return admin.issueApiKey({ merchantId: need(flags.merchant, '--merchant'), livemode: flags.live }, call);
      case 'list':
        return admin.listApiKeys({ merchantId: need(flags.merchant, '--merchant') }, call);
      case 'roll':
        return admin.rollApiKey({ apiKeyId: need(flags.key, '--key'), expiresInSeconds: flags.grace ? Number(flags.grace) : 0 }, call);
      case 'revoke':
        return admin.revokeApiKey({ apiKeyId: need(flags.key, '--key') }, call);
    }
  }
  if (area === 'console-users' && action === 'create') {
    // never on the command line (ps, shell history): from the environment, else a new random one printed once
    const given = process.env.KESSAI_CONSOLE_PASSWORD;
    const password = given ?? randomBytes(18).toString('base64url');
    const { user } = await admin.createConsoleUser(
      {
        merchantId: need(flags.merchant, '--merchant'),
        loginId: need(flags.login, '--login'),
        name: need(flags.name, '--name'),
        email: need(flags.email, '--email'),
        role: flags.role ?? 'admin',
        password,
      },
      call,
    );
    return given ? { user } : { user, password, note: 'shown once: give it to the user, who should change it (console: forgot password)' };
  }
  throw new UsageError(`unknown command: ${area} ${action ?? ''}`);
}

/** `kessai bank deposit`: asks the bank simulator to receive a transfer into a (virtual) account. */
export async function bankCommand(action: string | undefined, flags: { account?: string; amount?: string; payer?: string }): Promise<unknown> {
  if (action !== 'deposit') throw new UsageError('kessai bank deposit --account <virtual account number> --amount <yen> [--payer <kana>]');
  if (!flags.account || !/^\d{7}$/.test(flags.account)) throw new UsageError('--account: the 7-digit virtual account number');
  if (!flags.amount || !/^\d+$/.test(flags.amount)) throw new UsageError('--amount: a whole number of yen');
  const base = process.env.BANK_SIMULATOR_URL ?? 'http://127.0.0.1:8090';
  const res = await fetch(`${base}/accounts/${flags.account}/deposits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ amount: Number(flags.amount), payer_name_kana: flags.payer ?? 'ｶ)ﾃｽﾄ' }),
  });
  const body = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`bank simulator answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** `kessai deposits unattributed [--live]`: deposits to virtual account numbers no merchant owns. */
export async function depositsCommand(action: string | undefined, live: boolean): Promise<unknown> {
  if (action !== 'unattributed') throw new UsageError('kessai deposits unattributed [--live]');
  const inbound = connectClient(webhookV1.InboundServiceClient, serviceAddress('webhook'));
  return inbound.listUnattributedDeposits({ livemode: live });
}
