import type http from 'node:http';
import { readJsonBody, sendJson as send } from '@kessai/platform';
import { BankError } from '../bank';
import type { DirectDebits, DebitRequest } from './direct-debits';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The signed partner API of direct debit (docs/bank-simulator.md, "Direct debit"); false when the route is not one of these. */
export async function debitPartnerRoute(debits: DirectDebits, req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: Buffer): Promise<boolean> {
  const one = /^\/v1\/debits\/([^/]+)$/.exec(url.pathname);
  if (one) {
    if (!ID.test(one[1])) throw new BankError(400, 'invalid_request', 'request id: 1–64 letters, digits, _ or -');
    if (req.method === 'PUT') {
      const r = JSON.parse(body.toString('utf8') || '{}') as Partial<DebitRequest>;
      for (const k of ['requester_code', 'bank_code', 'branch_code', 'account_type', 'account_number', 'holder_name', 'customer_number'] as const) {
        if (typeof r[k] !== 'string') throw new BankError(400, 'invalid_request', `${k}: a string`);
      }
      if (!Number.isSafeInteger(r.amount) || (r.amount as number) <= 0) throw new BankError(400, 'invalid_request', 'amount: a positive whole number of yen');
      const { answer, replayed } = await debits.debit(one[1], r as DebitRequest);
      const delay = debits.settings().answer_delay_ms;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (await debits.consumeLostAnswer()) {
        // executed, but the answer never arrives
        res.socket?.destroy();
        return true;
      }
      send(res, replayed ? 200 : 201, answer);
      return true;
    }
    if (req.method === 'GET') {
      const d = await debits.query(one[1]);
      if (d) send(res, 200, d);
      else send(res, 404, { error: { code: 'no_such_debit', message: `no debit ${one[1]}` } });
      return true;
    }
  }
  if (req.method === 'GET' && url.pathname === '/v1/mandates/export') {
    const requester = url.searchParams.get('requester_code') ?? '';
    const date = url.searchParams.get('date') ?? '';
    if (!/^\d{10}$/.test(requester) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new BankError(400, 'invalid_request', 'requester_code (10 digits) and date (YYYY-MM-DD)');
    send(res, 200, await debits.mandateExport(requester, date));
    return true;
  }
  const file = /^\/v1\/debit-files\/([^/]+?)(\/result)?$/.exec(url.pathname);
  if (file) {
    if (!ID.test(file[1])) throw new BankError(400, 'invalid_request', 'file id: 1–64 letters, digits, _ or -');
    if (req.method === 'PUT' && !file[2]) {
      if (body.length === 0) throw new BankError(400, 'invalid_request', 'the body is the Zengin 口座振替 file');
      const { receipt, replayed } = await debits.uploadDebitFile(file[1], body);
      send(res, replayed ? 200 : 201, receipt);
      return true;
    }
    if (req.method === 'GET' && file[2]) {
      const result = await debits.debitFileResult(file[1]);
      if (result) send(res, 200, { file_id: file[1], result_file: result.toString('base64') });
      else send(res, 404, { error: { code: 'no_such_file', message: `no debit file ${file[1]}` } });
      return true;
    }
  }
  return false;
}

/** Control routes for tests and the CLI (unauthenticated, local only); false when not one of these. */
export async function debitControlRoute(debits: DirectDebits, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> {
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /control/debit-settings') return reply(res, 200, debits.settings());
  if (route === 'PUT /control/debit-settings') return reply(res, 200, await debits.setSettings((await readJsonBody(req)) as Record<string, unknown>));
  if (route === 'GET /control/debits') return reply(res, 200, { debits: await debits.debits() });
  const report = /^\/control\/debits\/([^/]+)\/report$/.exec(url.pathname);
  if (report && req.method === 'POST') {
    const body = (await readJsonBody(req)) as { result_code?: number };
    return reply(res, 200, await debits.reportDebit(report[1], body.result_code));
  }
  if (route === 'GET /control/debit-mandates') return reply(res, 200, { mandates: await debits.mandates(url.searchParams.get('requester_code') ?? undefined) });
  if (route === 'POST /control/debit-mandates/report') {
    const body = (await readJsonBody(req)) as { requester_code?: string };
    return reply(res, 200, await debits.reportMandates(body.requester_code));
  }
  const mandate = /^\/control\/debit-mandates\/(\d+)\/(\d+)$/.exec(url.pathname);
  if (mandate && req.method === 'PUT') return reply(res, 200, await debits.putMandate(mandate[1], mandate[2], (await readJsonBody(req)) as Record<string, never>));
  if (mandate && req.method === 'DELETE') return reply(res, 200, { deleted: await debits.deleteMandate(mandate[1], mandate[2]) });
  return false;
}

function reply(res: http.ServerResponse, status: number, body: unknown): true {
  send(res, status, body);
  return true;
}
