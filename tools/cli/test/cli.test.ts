import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { testContext } from '../../../scripts/test/support/context';

// The operator CLI against the run's real ledger: post a transaction, read the balance.
const run = promisify(execFile);
const cli = path.join(__dirname, '..', 'dist', 'main.js');

async function kessai(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const ctx = testContext();
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      env: { ...process.env, LEDGER_GRPC_ADDR: ctx.services.ledger.grpcAddr, LEDGER_OPS_URL: ctx.services.ledger.opsUrl },
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

it('posts a transaction and reads the balance', async () => {
  const m = `mer_cli${randomUUID().slice(0, 8)}`;
  const posted = await kessai('ledger', 'post', '--from', 'platform:platform_bank', '--to', `${m}:deposit`, '--amount', '10000');
  expect(posted.code).toBe(0);
  expect(JSON.parse(posted.out).transaction.postings[1]).toEqual({ account: { ownerId: m, type: 'ACCOUNT_TYPE_DEPOSIT' }, amount: 10000 });
  const balance = await kessai('ledger', 'balance', '--account', `${m}:deposit`);
  expect(JSON.parse(balance.out).balance).toMatchObject({ total: 10000, held: 0, available: 10000 });
});

it('explains bad input and refused postings', async () => {
  const bad = await kessai('ledger', 'post', '--from', 'nonsense', '--to', 'mer_x:deposit', '--amount', '1');
  expect(bad.code).toBe(2);
  expect(bad.err).toMatch(/--from: expected <owner>:<type>/);
  const refused = await kessai('ledger', 'post', '--from', `mer_empty${randomUUID().slice(0, 8)}:deposit`, '--to', 'platform:platform_bank', '--amount', '1');
  expect(refused.code).toBe(2);
  expect(refused.err).toMatch(/insufficient_funds/);
});
