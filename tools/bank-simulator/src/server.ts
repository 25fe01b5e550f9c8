import http from 'node:http';
import { readJsonBody, sendJson as send } from '@kessai/platform';
import { BANK_SIGNATURE_HEADER, verifyBankRequest } from '@kessai/partner-bank';
import { Bank, BankError, type AccountInput } from './bank';
import type { Faults } from './faults';
import { debitControlRoute, debitPartnerRoute } from './debits/routes';
import type { DirectDebits } from './debits/direct-debits';

const MAX_FILE_BYTES = 16 * 1024 * 1024;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The simulator's HTTP API (docs/bank-simulator.md):
 *   /v1/…        the partner API Kessai calls (signed; @kessai/partner-bank)
 *   /control/…   what tests and `kessai bank …` use to play the bank's side (unauthenticated, local only)
 *   /accounts/<n>/deposits, /deposits…  a payer's transfer into a virtual account
 */
export function createSimulatorServer(bank: Bank, opts: { secret: string; debits: DirectDebits }): http.Server {
  return http.createServer((req, res) => {
    handle(bank, opts, req, res).catch((err: unknown) => {
      if (err instanceof BankError) return send(res, err.status, { error: { code: err.code, message: err.message, ...err.extra } });
      if (err instanceof RangeError || err instanceof SyntaxError) return send(res, 400, { error: { code: 'invalid_request', message: err.message } });
      send(res, 500, { error: { code: 'internal', message: String((err as Error).message ?? err) } });
    });
  });
}

async function readRaw(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BankError(413, 'too_large', `body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function handle(bank: Bank, opts: { secret: string; debits: DirectDebits }, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /healthz') return send(res, 200, { status: 'ok' });
  if (url.pathname.startsWith('/v1/')) return partnerApi(bank, opts, req, res, url);

  // ---- a payer's transfer into a virtual account (kept as it was)
  const deposit = /^\/accounts\/(\d{7})\/deposits$/.exec(url.pathname);
  if (req.method === 'POST' && deposit) {
    const body = (await readJsonBody(req)) as { amount?: unknown; payer_name_kana?: unknown; bank_reference?: unknown; edi_info?: unknown };
    if (typeof body.amount !== 'number' || !Number.isSafeInteger(body.amount) || body.amount <= 0) return send(res, 400, { error: 'amount: a positive whole number of yen' });
    if (body.edi_info !== undefined && (typeof body.edi_info !== 'string' || !/^[\x20-\x7e]{0,20}$/.test(body.edi_info))) return send(res, 400, { error: 'edi_info: at most 20 ASCII characters' });
    const dep = await bank.receiveDeposit(
      deposit[1],
      body.amount,
      typeof body.payer_name_kana === 'string' ? body.payer_name_kana : 'ｶ)ﾃｽﾄ',
      typeof body.bank_reference === 'string' ? body.bank_reference : undefined,
      typeof body.edi_info === 'string' ? body.edi_info.trim() : '',
    );
    return send(res, 201, dep);
  }
  if (route === 'GET /deposits') return send(res, 200, { deposits: await bank.deposits() });
  const one = /^\/deposits\/([\w-]+)(\/resend)?$/.exec(url.pathname);
  if (one && req.method === 'GET' && !one[2]) {
    const [dep] = await bank.deposits(one[1]);
    return dep ? send(res, 200, dep) : send(res, 404, { error: 'no such deposit' });
  }
  if (one && one[2] && req.method === 'POST') {
    const dep = await bank.resendDeposit(one[1]);
    return dep ? send(res, 200, dep) : send(res, 404, { error: 'no such deposit' });
  }

  // ---- control
  if (await debitControlRoute(opts.debits, req, res, url)) return;
  if (route === 'POST /control/faults') return send(res, 200, await bank.setFaults((await readJsonBody(req)) as Partial<Faults>));
  if (route === 'GET /control/faults') return send(res, 200, bank.faults());
  if (route === 'DELETE /control/faults') return send(res, 200, await bank.resetFaults());
  if (route === 'POST /control/release') return send(res, 200, { released: await bank.release() });
  if (route === 'GET /control/date') return send(res, 200, await bank.businessDate());
  if (route === 'POST /control/date') {
    const body = (await readJsonBody(req)) as { date?: unknown; advance_days?: unknown };
    if (body.date !== undefined && typeof body.date !== 'string') throw new BankError(400, 'invalid_request', 'date: YYYY-MM-DD');
    if (body.advance_days !== undefined && (!Number.isSafeInteger(body.advance_days) || (body.advance_days as number) < 0)) throw new BankError(400, 'invalid_request', 'advance_days: a whole number ≥ 0');
    if ((body.date === undefined) === (body.advance_days === undefined)) throw new BankError(400, 'invalid_request', 'give date or advance_days');
    return send(res, 200, await bank.setBusinessDate({ date: body.date as string | undefined, advanceDays: body.advance_days as number | undefined }));
  }
  if (route === 'GET /control/accounts') return send(res, 200, { accounts: await bank.accounts() });
  const account = /^\/control\/accounts\/(\d{4})\/(\d{3})\/(\d{7})$/.exec(url.pathname);
  if (account && req.method === 'PUT') {
    const body = (await readJsonBody(req)) as Partial<AccountInput>;
    return send(res, 200, await bank.putAccount({ ...body, bank_code: account[1], branch_code: account[2], account_number: account[3] } as AccountInput));
  }
  if (route === 'GET /control/rules') return send(res, 200, await bank.rules());
  if (route === 'PUT /control/rules') return send(res, 200, await bank.setRules((await readJsonBody(req)) as { rules?: unknown; reversal_policy?: unknown }));
  if (route === 'GET /control/callbacks') return send(res, 200, { callbacks: await bank.callbackList() });
  send(res, 404, { error: `no route ${route}` });
}

/** The signed partner API. */
async function partnerApi(bank: Bank, opts: { secret: string; debits: DirectDebits }, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const body = await readRaw(req, MAX_FILE_BYTES);
  const check = verifyBankRequest({ secrets: [opts.secret], header: req.headers[BANK_SIGNATURE_HEADER] as string | undefined, method: req.method ?? 'GET', pathAndQuery: `${url.pathname}${url.search}`, body });
  if (!check.ok) throw new BankError(401, `signature_${check.reason}`, check.message);

  const file = /^\/v1\/transfer-files\/([^/]+)$/.exec(url.pathname);
  if (file) {
    if (!ID.test(file[1])) throw new BankError(400, 'invalid_request', 'file id: 1–64 letters, digits, _ or -');
    if (req.method === 'PUT') {
      if (body.length === 0) throw new BankError(400, 'invalid_request', 'the body is the Zengin file');
      const { receipt, replayed } = await bank.uploadTransferFile(file[1], body);
      return send(res, replayed ? 200 : 201, receipt);
    }
    if (req.method === 'GET') {
      const f = await bank.transferFile(file[1]);
      return f ? send(res, 200, f) : send(res, 404, { error: { code: 'no_such_file', message: `no file ${file[1]}` } });
    }
  }
  const reversal = /^\/v1\/reversals\/([^/]+)$/.exec(url.pathname);
  if (reversal && req.method === 'PUT') {
    if (!ID.test(reversal[1])) throw new BankError(400, 'invalid_request', 'request id: 1–64 letters, digits, _ or -');
    const r = JSON.parse(body.toString('utf8') || '{}') as { file_id?: unknown; record_number?: unknown };
    if (typeof r.file_id !== 'string' || !Number.isSafeInteger(r.record_number)) throw new BankError(400, 'invalid_request', 'file_id (string) and record_number (integer) are required');
    const { reversal: result, replayed } = await bank.requestReversal(reversal[1], { file_id: r.file_id, record_number: r.record_number as number });
    return send(res, replayed ? 200 : 201, result);
  }
  if (req.method === 'GET' && url.pathname === '/v1/statements') {
    const date = url.searchParams.get('date');
    if (!date) throw new BankError(400, 'invalid_request', 'date: YYYY-MM-DD');
    return send(res, 200, await bank.statement(date));
  }
  if (await debitPartnerRoute(opts.debits, req, res, url, body)) return;
  throw new BankError(404, 'no_route', `no route ${req.method} ${url.pathname}`);
}
