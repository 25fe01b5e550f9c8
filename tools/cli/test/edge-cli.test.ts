import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { testContext } from '../../../scripts/test/support/context';
import { eventually } from '../../../scripts/test/support/clients';
import { RunningBank, startBankSimulator } from '../../../scripts/test/support/bank';
import { api } from '../../../scripts/test/support/edge';

// The README's first money flow, as a new user does it: the CLI creates a merchant and a
// key, asks the bank simulator for a deposit, and the REST API shows it.
const run = promisify(execFile);
const cli = path.join(__dirname, '..', 'dist', 'main.js');
const ctx = testContext();
let bank: RunningBank;

beforeAll(async () => {
  bank = await startBankSimulator();
});
afterAll(() => bank?.stop());

async function kessai(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      env: {
        ...process.env,
        GATEWAY_GRPC_ADDR: ctx.services.gateway.grpcAddr,
        WEBHOOK_GRPC_ADDR: ctx.services.webhook.grpcAddr,
        BANK_SIMULATOR_URL: bank.url,
      },
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

it('creates a merchant and a key, sends a deposit from the bank simulator, and the balance shows it', async () => {
  const created = await kessai('merchants', 'create', '--name', 'READMEの店', '--chains', 'lawson');
  expect(created.code).toBe(0);
  const { merchant } = JSON.parse(created.out);
  const issued = await kessai('keys', 'issue', '--merchant', merchant.id);
  const { secret } = JSON.parse(issued.out);
  expect(secret).toMatch(/^sk_test_/);
  const deposit = await kessai('bank', 'deposit', '--account', merchant.testVirtualAccountNumber, '--amount', '100000');
  expect(deposit.code).toBe(0);
  expect(JSON.parse(deposit.out).callback.state).toBe('delivered');
  await eventually(async () => (await api(ctx.services.gateway.httpUrl!, 'GET', '/v1/balance', { key: secret })).body.total === 100_000, 20_000, 'balance');

  const listed = JSON.parse((await kessai('keys', 'list', '--merchant', merchant.id)).out);
  expect(listed.apiKeys).toHaveLength(1);
  expect(JSON.stringify(listed)).not.toContain(secret);
  const revoked = await kessai('keys', 'revoke', '--key', listed.apiKeys[0].id);
  expect(revoked.code).toBe(0);
  expect((await api(ctx.services.gateway.httpUrl!, 'GET', '/v1/balance', { key: secret })).status).toBe(401);
});

it('sets and replaces a merchant\'s contact emails (validated)', async () => {
  const created = await kessai('merchants', 'create', '--name', '連絡先の店', '--contact-email', 'a@example.jp', '--contact-email', 'b@example.jp');
  expect(created.code).toBe(0);
  const { merchant } = JSON.parse(created.out);
  expect(merchant.contactEmails).toEqual(['a@example.jp', 'b@example.jp']);
  const updated = await kessai('merchants', 'update', '--merchant', merchant.id, '--contact-email', 'c@example.jp');
  expect(JSON.parse(updated.out).merchant.contactEmails).toEqual(['c@example.jp']);
  const bad = await kessai('merchants', 'update', '--merchant', merchant.id, '--contact-email', 'no-at-sign');
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('contact_emails[0]: must be an email address');
  const cleared = await kessai('merchants', 'update', '--merchant', merchant.id, '--contact-email', '');
  expect(JSON.parse(cleared.out).merchant.contactEmails).toEqual([]);
});

it('refuses admin commands with a wrong operator token, and reports unattributed deposits', async () => {
  const denied = await run(process.execPath, [cli, 'merchants', 'create', '--name', 'x'], {
    env: { ...process.env, GATEWAY_GRPC_ADDR: ctx.services.gateway.grpcAddr, KESSAI_OPERATOR_TOKEN: 'wrong' },
  }).catch((e: { code: number; stderr: string }) => e);
  expect((denied as { code: number }).code).toBe(2);
  expect((denied as { stderr: string }).stderr).toMatch(/operator_credentials_required/);

  await kessai('bank', 'deposit', '--account', '0000001', '--amount', '777');
  const report = JSON.parse((await kessai('deposits', 'unattributed')).out);
  expect(report.deposits.some((d: { virtualAccountNumber: string; amount: number }) => d.virtualAccountNumber === '0000001' && d.amount === 777)).toBe(true);
});
