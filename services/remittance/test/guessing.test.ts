import { ledgerV1, remittanceV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { rejection } from '../../../scripts/test/support/errors';
import { isolatedMesh, type IsolatedMesh } from '../../../scripts/test/support/isolated';
import type { ServiceProcess } from '../../../scripts/src/lib/processes';
import { creditDeposit, fullService, linkAndCode, mailTo, opsOf, scopeOf, uid, type Ledger, type Remittance } from './support/remittance';

const { RegistrationState } = remittanceV1;
const ctx = testContext();

/**
 * Guessing a recipient's code (docs/reference/remittance.md#outreach), against
 * two replicas of remittance sharing one database (the run's ledger and
 * notification service; its own database and clock).
 */
let iso: IsolatedMesh;
let replicas: ServiceProcess[];
let clients: Remittance[];
let ledger: Ledger;
let ops: ReturnType<typeof opsOf>;

beforeAll(async () => {
  iso = await isolatedMesh(['remittance']);
  const env = { LEDGER_GRPC_ADDR: ctx.services.ledger.grpcAddr, NOTIFICATION_GRPC_ADDR: ctx.services.notification.grpcAddr };
  replicas = [await iso.start('remittance', env), await iso.start('remittance', env)];
  await Promise.all(replicas.map((p) => p.waitReady(60_000)));
  clients = replicas.map((p) => connectClient(remittanceV1.RemittanceServiceClient, iso.grpcAddr(p)));
  ledger = connectClient(ledgerV1.LedgerServiceClient, ctx.services.ledger.grpcAddr);
  ops = opsOf(iso.opsUrl(replicas[0]));
}, 120_000);
afterAll(async () => {
  for (const c of clients ?? []) c.close();
  ledger?.close();
  await iso?.cleanup();
});

/** A funded full-service order of n recipients, each mailed its link and code. */
async function mailedLinks(n: number): Promise<{ token: string; code: string }[]> {
  const merchantId = `mer_${uid()}`;
  const scope = scopeOf(merchantId);
  const [a] = clients;
  const { order } = await a.createOrder({ scope, requestId: `req-${uid()}`, merchantName: 'テスト', guideText: '', reference: '', settings: fullService() });
  const emails = Array.from({ length: n }, () => `g.${uid()}@example.jp`);
  await a.addRecipients({ scope, requestId: `req-${uid()}`, orderId: order!.id, csv: Buffer.alloc(0), csvEncoding: 0, rows: emails.map((email) => ({ name: '山田 太郎', nameKana: 'ヤマダ タロウ', amount: 1_000, email, phone: '', postalAddress: undefined, reference: '', account: undefined })) });
  await creditDeposit(ledger, merchantId, n * 1_000);
  expect((await a.approveOrder({ scope, requestId: `req-${uid()}`, orderId: order!.id })).order!.status).toBe(remittanceV1.OrderStatus.ORDER_STATUS_FUNDED);
  await ops.runJobNow('remittance.outreach');
  return Promise.all(emails.map(async (e) => linkAndCode(await mailTo(e))));
}

const address = () => `203.0.113.${Math.floor(Math.random() * 250)}.${uid()}`;
const verify = (i: number, token: string, code: string, clientAddress: string) => clients[i % 2].verifyCode({ token, code, clientAddress });

describe('guessing a link’s code', () => {
  it('10 wrong codes lock a link (over both replicas); the right code then no longer opens it', async () => {
    const [link] = await mailedLinks(1);
    const from = address();
    const left: number[] = [];
    for (let i = 0; i < 10; i++) left.push((await verify(i, link.token, 'AAAA-AAAA', from)).attemptsLeft);
    expect(left).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(await verify(0, link.token, link.code, address())).toMatchObject({ ok: false, state: RegistrationState.REGISTRATION_STATE_LOCKED });
    expect((await clients[1].openRegistration({ token: link.token })).state).toBe(RegistrationState.REGISTRATION_STATE_LOCKED);
  });

  it('20 wrong codes on one link lock it, while the right code on another link from the same address still works; 60 an hour is the address’s limit', async () => {
    const [one, other, third] = await mailedLinks(3);
    const from = address();
    for (let i = 0; i < 20; i++) await verify(i, one.token, 'BBBB-BBBB', from);
    expect((await clients[0].openRegistration({ token: one.token })).state).toBe(RegistrationState.REGISTRATION_STATE_LOCKED);
    expect(await verify(1, other.token, other.code, from)).toMatchObject({ ok: true });
    // 39 more attempts make 60 in the hour: the 61st is refused, even with the right code, on either replica
    for (let i = 0; i < 39; i++) await verify(i, one.token, 'BBBB-BBBB', from);
    expect((await rejection(verify(0, third.token, third.code, from))).code).toBe('too_many_attempts');
    expect((await rejection(verify(1, third.token, third.code, from))).code).toBe('too_many_attempts');
    // another address is not limited, and an hour later this one may try again
    expect(await verify(0, third.token, 'CCCC-CCCC', address())).toMatchObject({ ok: false, attemptsLeft: 9 });
    await ops.moveClock(new Date((await ops.now()).getTime() + 61 * 60_000));
    await eventually(async () => verify(1, third.token, third.code, from).then((r) => r.ok, () => false), 10_000, 'the address may try again after an hour');
  });

  it('a link expires at the order’s deadline: the right code no longer opens it', async () => {
    const [link] = await mailedLinks(1);
    await ops.moveClock(new Date((await ops.now()).getTime() + 92 * 86_400_000));
    await eventually(async () => (await clients[1].openRegistration({ token: link.token })).state === RegistrationState.REGISTRATION_STATE_EXPIRED, 10_000, 'link expired on the other replica');
    expect(await verify(0, link.token, link.code, address())).toMatchObject({ ok: false, state: RegistrationState.REGISTRATION_STATE_EXPIRED });
  });
});
