import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { addCalendarDays, parseIsoDate, tokyoDate } from '@kessai/bank-calendar';
import {
  CHAIN_IDS, CHAINS, ChainId, DEV_SETTLEMENT_ACCOUNTS, isChainId, SettlementAccounts, SettlementPeriod, settlementDueDate, settlementEdi, settlementPeriodOf,
} from '@kessai/konbini';
import { CallbackRetrier, PARTNER_SIGNATURE_HEADER, postSignedCallback, signatureHeader } from '@kessai/platform';

/**
 * The convenience-store network as Kessai sees it over the network. A
 * customer pays at a chain: the kiosk or till looks the number up at Kessai
 * (signed online inquiry), shows the open bills, and the customer pays one.
 * The network then reports signed results to Kessai's inbound webhook:
 * preliminary (速報) at once, confirmed (確報) after `confirm_delay_ms`, and a
 * cancellation (速報取消) when told to (or at `cancel_rate`). It retries a
 * result Kessai did not accept (no answer or 5xx) and can be told to misbehave:
 *
 *   copies: n          send every result n times (same event id)
 *   fresh_ids: true    …each copy with a new event id (the network resending)
 *   delay_ms: ms       wait before each result
 *   hold: true         keep results back until POST /control/release (then newest first: reordered)
 *   fail_next: n       the next n sends fail (network failure; retried later)
 *   confirm_delay_ms   when the confirmed result follows (default 2,000; -1 = only when told)
 *   cancel_rate        probability a payment's preliminary is cancelled instead of confirmed
 *
 * POST /pay also takes `amount`: the till reports another sum than the bill's,
 * and `transaction_id`: the network's id of the payment (default a fresh one;
 * "" sends none, as a network without ids).
 *
 * The chains also hand the confirmed money over (docs/konbini.md#store-simulator):
 * the network keeps its own business date (POST /control/date, never the wall
 * clock), dates each confirmation with it, and when the date reaches a week's
 * settlement day (`@kessai/konbini` settlementDueDate) transfers that chain's
 * confirmed total for the week at the bank simulator into the chain's
 * settlement account, the week named in the EDI field.
 *
 *   settlement_adjust: {chain: yen}   add this to every transfer of the chain (a chain deducting or adding; ≠ 0 makes a mismatch)
 */
export interface StoreSimulatorOptions {
  /** e.g. http://127.0.0.1:8081/v1/partners/simstore */
  partnerUrl: string;
  secret: string;
  retryDelaysMs?: number[];
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** the bank simulator the chains transfer through (its payer API), e.g. http://127.0.0.1:8090 */
  bankUrl?: string;
  /** Kessai's virtual account per chain the transfers go to */
  settlementAccounts?: SettlementAccounts;
  /** the network's business date at start (default: today in Tokyo) */
  date?: string;
}

export interface Faults {
  copies: number;
  fresh_ids: boolean;
  delay_ms: number;
  hold: boolean;
  fail_next: number;
  confirm_delay_ms: number;
  cancel_rate: number;
  settlement_adjust: Partial<Record<ChainId, number>>;
}

const DEFAULTS: Faults = { copies: 1, fresh_ids: false, delay_ms: 0, hold: false, fail_next: 0, confirm_delay_ms: 2_000, cancel_rate: 0, settlement_adjust: {} };

/** One chain's transfer of one week's confirmed money. */
export interface SimSettlement {
  id: string;
  chain: ChainId;
  period: SettlementPeriod;
  due_on: string;
  /** what the chain transferred: the confirmed total plus any `settlement_adjust` */
  amount: number;
  confirmed_total: number;
  payment_ids: string[];
  edi_info: string;
  account_number: string;
  state: 'transferred' | 'failed';
  error?: string;
  /** the bank simulator's deposit id */
  deposit_id?: string;
}

export type ResultStatus = 'preliminary' | 'confirmed' | 'cancelled';

export interface SimPayment {
  id: string;
  chain: ChainId;
  payment_number: string;
  amount: number;
  store_code: string;
  paid_at: string;
  /** the network's transaction id, sent with every result of the payment (`transaction_id`) */
  transaction_id: string;
  /** the network's business date of its first confirmation (what the chain settles by) */
  confirmed_on?: string;
  /** the settlement that handed its money over */
  settled_in?: string;
  results: { status: ResultStatus; event_id: string; sent: { at: string; status: number; error?: string }[] }[];
}

export interface LookedUpBill {
  payment_number: string;
  merchant_name: string;
  amount: number;
  due_date: string;
  repeat: boolean;
}

export class StoreSimulator {
  readonly payments = new Map<string, SimPayment>();
  private faults: Faults = { ...DEFAULTS };
  private held: { payment: SimPayment; status: ResultStatus }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly retrier: CallbackRetrier;
  private readonly log: NonNullable<StoreSimulatorOptions['log']>;
  private seq = 0;
  readonly settlements: SimSettlement[] = [];
  private today: string;
  private settling: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: StoreSimulatorOptions) {
    this.retrier = new CallbackRetrier(opts.retryDelaysMs);
    this.log = opts.log ?? (() => undefined);
    this.today = opts.date ? parseIsoDate(opts.date) : tokyoDate(new Date());
  }

  date(): string {
    return this.today;
  }

  /**
   * Moves the network's business date (forward only) and makes the transfers
   * due by then; answers with the settlements made.
   */
  async setDate(to: { date?: string; advanceDays?: number }): Promise<{ date: string; settled: SimSettlement[] }> {
    const target = to.date !== undefined ? parseIsoDate(to.date) : addCalendarDays(this.today, to.advanceDays ?? 0);
    if (target < this.today) throw new SimError(400, `date: the network's date only moves forward (it is ${this.today})`);
    this.today = target;
    return { date: this.today, settled: await this.settleDue() };
  }

  /**
   * Every chain's weeks whose settlement day has come: the confirmed payments
   * not yet handed over, summed per chain and week, one transfer each. A
   * transfer the bank refused stays due (tried again at the next run).
   */
  settleDue(): Promise<SimSettlement[]> {
    const run = this.settling.then(() => this.settleDueNow());
    this.settling = run.catch(() => undefined);
    return run;
  }

  private async settleDueNow(): Promise<SimSettlement[]> {
    const groups = new Map<string, { chain: ChainId; period: SettlementPeriod; payments: SimPayment[] }>();
    for (const p of this.payments.values()) {
      if (!p.confirmed_on || p.settled_in) continue;
      const period = settlementPeriodOf(p.confirmed_on);
      if (settlementDueDate(p.chain, period) > this.today) continue;
      const key = `${p.chain}:${period.from}`;
      const g = groups.get(key) ?? { chain: p.chain, period, payments: [] };
      g.payments.push(p);
      groups.set(key, g);
    }
    const made: SimSettlement[] = [];
    for (const g of [...groups.values()].sort((a, b) => (a.period.from + a.chain < b.period.from + b.chain ? -1 : 1))) made.push(await this.transfer(g.chain, g.period, g.payments));
    return made;
  }

  private async transfer(chain: ChainId, period: SettlementPeriod, payments: SimPayment[]): Promise<SimSettlement> {
    const confirmed = payments.reduce((sum, p) => sum + p.amount, 0);
    const account = (this.opts.settlementAccounts ?? DEV_SETTLEMENT_ACCOUNTS)[chain];
    this.seq += 1;
    const settlement: SimSettlement = {
      id: `simstl_${chain}_${period.from}_${this.seq}`, chain, period, due_on: settlementDueDate(chain, period), confirmed_total: confirmed,
      amount: confirmed + (this.faults.settlement_adjust[chain] ?? 0), payment_ids: payments.map((p) => p.id), edi_info: settlementEdi(period),
      account_number: account ?? '', state: 'failed',
    };
    this.settlements.push(settlement);
    if (!this.opts.bankUrl || !account) {
      settlement.error = !account ? `no settlement account for ${chain}` : 'no bank (STORE_SIMULATOR_BANK_URL)';
      return settlement;
    }
    if (settlement.amount <= 0) {
      settlement.error = `nothing to transfer (${settlement.amount} yen)`;
      return settlement;
    }
    try {
      const res = await fetch(`${this.opts.bankUrl}/accounts/${account}/deposits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: settlement.amount, payer_name_kana: CHAINS[chain].settlement.payerNameKana, edi_info: settlement.edi_info }),
        signal: AbortSignal.timeout(15_000),
      });
      const json = (await res.json()) as { id?: string; error?: unknown };
      if (res.status !== 201) throw new Error(`the bank answered ${res.status} ${JSON.stringify(json.error ?? json)}`);
      settlement.state = 'transferred';
      settlement.deposit_id = json.id;
      for (const p of payments) p.settled_in = settlement.id;
      this.log('settlement transferred', { chain, period_from: period.from, amount: settlement.amount, payments: payments.length });
    } catch (err) {
      settlement.error = (err as Error).message;
      this.log('settlement failed', { chain, period_from: period.from, error: settlement.error });
    }
    return settlement;
  }

  setFaults(f: Partial<Faults>): Faults {
    this.faults = { ...this.faults, ...f };
    return this.faults;
  }

  resetFaults(): Faults {
    this.faults = { ...DEFAULTS };
    return this.faults;
  }

  /** The kiosk/till: what does this number pay at this chain? */
  async lookup(chain: ChainId, number: string): Promise<LookedUpBill[]> {
    const body = JSON.stringify({ chain, number });
    const res = await fetch(`${this.opts.partnerUrl}/store/lookups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PARTNER_SIGNATURE_HEADER]: signatureHeader(this.opts.secret, body) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const json = (await res.json()) as { bills?: LookedUpBill[]; error?: { message: string } };
    if (res.status !== 200) throw new SimError(res.status === 400 ? 400 : 502, `lookup failed: ${res.status} ${json.error?.message ?? ''}`);
    return json.bills ?? [];
  }

  /**
   * The customer pays: look the number up, pick the bill (`pick` = its payment
   * number; default the first), take the cash, report the preliminary result.
   */
  async pay(req: { chain: ChainId; number: string; pick?: string; store_code?: string; paid_at?: string; cancel?: boolean; amount?: number; transaction_id?: string }): Promise<SimPayment> {
    const bills = await this.lookup(req.chain, req.number);
    const bill = req.pick ? bills.find((b) => b.payment_number === req.pick) : bills[0];
    if (!bill) throw new SimError(404, `no open bill to pay under ${req.number} at ${req.chain}`);
    this.seq += 1;
    const id = `simpay_${Date.now().toString(36)}${randomBytes(3).toString('hex')}_${this.seq}`;
    const payment: SimPayment = {
      id,
      chain: req.chain,
      payment_number: bill.payment_number,
      // `amount`: the till took another sum than the bill's (a faulty till; Kessai must flag it)
      amount: req.amount ?? bill.amount,
      store_code: req.store_code ?? `S${String(1000 + (this.seq % 9000))}`,
      paid_at: req.paid_at ?? new Date().toISOString(),
      // `transaction_id: ""`: a network that sends none (billing falls back to chain + number + time + store)
      transaction_id: req.transaction_id ?? `txn_${id.slice('simpay_'.length)}`,
      results: [],
    };
    this.payments.set(payment.id, payment);
    await this.report(payment, 'preliminary');
    const cancel = req.cancel ?? Math.random() < this.faults.cancel_rate;
    if (this.faults.confirm_delay_ms >= 0) this.later(this.faults.confirm_delay_ms, () => this.report(payment, cancel ? 'cancelled' : 'confirmed'));
    return payment;
  }

  /** Report a result of a payment now (e.g. POST /payments/:id/confirm). */
  async report(payment: SimPayment, status: ResultStatus): Promise<void> {
    // the chain confirmed on its own date: that date decides the week it settles in
    if (status === 'confirmed' && !payment.confirmed_on) payment.confirmed_on = this.today;
    if (this.faults.hold) {
      this.held.push({ payment, status });
      return;
    }
    const eventId = `${payment.id}_${status}`;
    for (let copy = 0; copy < Math.max(1, this.faults.copies); copy++) {
      const id = copy > 0 && this.faults.fresh_ids ? `${eventId}_copy${copy}` : eventId;
      const result = { status, event_id: id, sent: [] as SimPayment['results'][number]['sent'] };
      payment.results.push(result);
      await this.retrier.deliver(
        () => this.send(payment, result),
        () => this.log('result given up', { payment: payment.id, status: result.status }),
      );
    }
  }

  /** Sends the held results, newest first (out of order). */
  async release(): Promise<number> {
    const batch = this.held.reverse();
    this.held = [];
    this.faults.hold = false;
    for (const h of batch) await this.report(h.payment, h.status);
    return batch.length;
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.retrier.stop();
  }

  private later(ms: number, fn: () => Promise<void>): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn().catch((err: unknown) => this.log('result failed', { err: String(err) }));
    }, ms);
    this.timers.add(t);
  }

  private async send(p: SimPayment, result: SimPayment['results'][number]): Promise<boolean> {
    if (this.faults.delay_ms > 0) await new Promise((r) => setTimeout(r, this.faults.delay_ms));
    const at = new Date().toISOString();
    if (this.faults.fail_next > 0) {
      this.faults.fail_next -= 1;
      result.sent.push({ at, status: 0, error: 'simulated network failure' });
      return false;
    }
    const body = JSON.stringify({
      id: result.event_id, type: 'payment.reported', status: result.status, chain: p.chain, payment_number: p.payment_number,
      amount: p.amount, paid_at: p.paid_at, store_code: p.store_code, ...(p.transaction_id ? { transaction_id: p.transaction_id } : {}),
    });
    const r = await postSignedCallback({ url: `${this.opts.partnerUrl}/store/payments`, secret: this.opts.secret, body });
    result.sent.push(r.attempt);
    if (r.attempt.status > 0) this.log('result sent', { payment: p.id, status: result.status, http_status: r.attempt.status });
    return r.done;
  }
}

export class SimError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The simulator's HTTP API (what `kessai store pay` and the tests call). */
export function createStoreSimulatorServer(sim: StoreSimulator): http.Server {
  return http.createServer((req, res) => {
    handle(sim, req, res).catch((err: unknown) => send(res, err instanceof SimError ? err.status : 500, { error: String((err as Error).message ?? err) }));
  });
}

async function handle(sim: StoreSimulator, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /healthz') return send(res, 200, { status: 'ok' });
  if (route === 'POST /lookup' || route === 'POST /pay') {
    const body = (await readJson(req)) as Record<string, unknown>;
    const chain = String(body.chain ?? '');
    const number = String(body.number ?? '');
    if (!isChainId(chain)) return send(res, 400, { error: `chain: one of ${CHAIN_IDS.join(', ')}` });
    if (!/^\d{6,30}$/.test(number)) return send(res, 400, { error: 'number: the payment number or customer number (digits)' });
    if (route === 'POST /lookup') return send(res, 200, { bills: await sim.lookup(chain, number) });
    const payment = await sim.pay({
      chain,
      number,
      pick: typeof body.pick === 'string' ? body.pick : undefined,
      store_code: typeof body.store_code === 'string' ? body.store_code : undefined,
      paid_at: typeof body.paid_at === 'string' ? body.paid_at : undefined,
      cancel: typeof body.cancel === 'boolean' ? body.cancel : undefined,
      amount: typeof body.amount === 'number' && Number.isSafeInteger(body.amount) && body.amount > 0 ? body.amount : undefined,
      transaction_id: typeof body.transaction_id === 'string' ? body.transaction_id : undefined,
    });
    return send(res, 201, payment);
  }
  if (route === 'GET /payments') return send(res, 200, { payments: [...sim.payments.values()] });
  const one = /^\/payments\/([\w-]+)(?:\/(confirm|cancel|preliminary))?$/.exec(url.pathname);
  if (one) {
    const p = sim.payments.get(one[1]);
    if (!p) return send(res, 404, { error: 'no such payment' });
    if (req.method === 'GET' && !one[2]) return send(res, 200, p);
    if (req.method === 'POST' && one[2]) {
      await sim.report(p, one[2] === 'confirm' ? 'confirmed' : one[2] === 'cancel' ? 'cancelled' : 'preliminary');
      return send(res, 200, p);
    }
  }
  if (route === 'POST /control/faults') return send(res, 200, sim.setFaults((await readJson(req)) as Partial<Faults>));
  if (route === 'DELETE /control/faults') return send(res, 200, sim.resetFaults());
  if (route === 'POST /control/release') return send(res, 200, { released: await sim.release() });
  if (route === 'GET /control/date') return send(res, 200, { date: sim.date() });
  if (route === 'POST /control/date') {
    const body = (await readJson(req)) as { date?: unknown; advance_days?: unknown };
    if (body.date !== undefined && typeof body.date !== 'string') return send(res, 400, { error: 'date: YYYY-MM-DD' });
    if (body.advance_days !== undefined && (!Number.isSafeInteger(body.advance_days) || (body.advance_days as number) < 0)) return send(res, 400, { error: 'advance_days: a whole number ≥ 0' });
    if ((body.date === undefined) === (body.advance_days === undefined)) return send(res, 400, { error: 'give date or advance_days' });
    try {
      return send(res, 200, await sim.setDate({ date: body.date as string | undefined, advanceDays: body.advance_days as number | undefined }));
    } catch (err) {
      if (err instanceof RangeError) return send(res, 400, { error: `date: ${err.message}` });
      throw err;
    }
  }
  if (route === 'POST /control/settle') return send(res, 200, { date: sim.date(), settled: await sim.settleDue() });
  if (route === 'GET /settlements') return send(res, 200, { settlements: sim.settlements });
  send(res, 404, { error: `no route ${route}` });
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new SimError(400, 'body is not JSON');
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
