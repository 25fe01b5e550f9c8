import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { CallbackAttempt as PartnerCallbackAttempt, CallbackRetrier, postSignedCallback, readJsonBody as readJson, sendJson as send } from '@kessai/platform';

/**
 * The partner bank, as Kessai sees it over the network: it receives transfers
 * into (virtual) accounts and reports each deposit to Kessai's inbound
 * webhook, signed with the partner secret. It retries a callback that failed
 * (no answer or 5xx) with backoff, like a real bank, and can be told to
 * misbehave so tests can prove Kessai copes:
 *
 *   fail_next: n      the next n callback attempts are not sent (network failure; retried later)
 *   delay_ms: ms      wait before each callback
 *   duplicate: true   send every callback twice
 *   hold: true        keep callbacks back until POST /control/release (then sent newest first: reordered)
 *   timestamp_skew_s  sign with a clock this many seconds off (stale signatures)
 *   bad_signature     sign with a wrong secret
 */
export interface SimulatorOptions {
  webhookUrl: string;
  partner: string;
  secret: string;
  retryDelaysMs?: number[];
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export interface Faults {
  fail_next: number;
  delay_ms: number;
  duplicate: boolean;
  hold: boolean;
  timestamp_skew_s: number;
  bad_signature: boolean;
}

const NO_FAULTS: Faults = { fail_next: 0, delay_ms: 0, duplicate: false, hold: false, timestamp_skew_s: 0, bad_signature: false };

/** One attempt of a callback (the shared partner-callback mechanism's record). */
export type CallbackAttempt = PartnerCallbackAttempt;

export interface SimDeposit {
  id: string;
  account_number: string;
  amount: number;
  payer_name_kana: string;
  bank_reference: string;
  received_at: string;
  callback: { state: 'pending' | 'held' | 'delivered' | 'gave_up'; attempts: CallbackAttempt[]; last_body?: unknown };
}

export class BankSimulator {
  readonly deposits = new Map<string, SimDeposit>();
  private faults: Faults = { ...NO_FAULTS };
  private held: SimDeposit[] = [];
  private readonly retrier: CallbackRetrier;
  private seq = 0;
  private readonly log: NonNullable<SimulatorOptions['log']>;

  constructor(private readonly opts: SimulatorOptions) {
    this.retrier = new CallbackRetrier(opts.retryDelaysMs);
    this.log = opts.log ?? (() => undefined);
  }

  setFaults(f: Partial<Faults>): Faults {
    this.faults = { ...this.faults, ...f };
    return this.faults;
  }

  resetFaults(): Faults {
    this.faults = { ...NO_FAULTS };
    return this.faults;
  }

  /** A transfer arrives into `account`; the callback is sent (awaited when not held). */
  async receive(account: string, amount: number, payer: string, reference?: string): Promise<SimDeposit> {
    this.seq += 1;
    const dep: SimDeposit = {
      id: `simdep_${Date.now().toString(36)}${randomBytes(3).toString('hex')}_${this.seq}`,
      account_number: account,
      amount,
      payer_name_kana: payer,
      bank_reference: reference ?? `SIM${String(this.seq).padStart(8, '0')}`,
      received_at: new Date().toISOString(),
      callback: { state: 'pending', attempts: [] },
    };
    this.deposits.set(dep.id, dep);
    if (this.faults.hold) {
      dep.callback.state = 'held';
      this.held.push(dep);
      return dep;
    }
    await this.deliver(dep);
    return dep;
  }

  /** Sends the held callbacks, newest first (out of order). */
  async release(): Promise<SimDeposit[]> {
    const batch = this.held.reverse();
    this.held = [];
    this.faults.hold = false;
    for (const dep of batch) await this.deliver(dep);
    return batch;
  }

  /** Sends a deposit's callback again, as a bank resending would. */
  async resend(id: string): Promise<SimDeposit | undefined> {
    const dep = this.deposits.get(id);
    if (dep) await this.send(dep);
    return dep;
  }

  private body(dep: SimDeposit): string {
    return JSON.stringify({
      id: dep.id,
      type: 'deposit.received',
      account_number: dep.account_number,
      amount: dep.amount,
      received_at: dep.received_at,
      bank_reference: dep.bank_reference,
      payer_name_kana: dep.payer_name_kana,
    });
  }

  private async deliver(dep: SimDeposit): Promise<void> {
    await this.retrier.deliver(
      async () => {
        const ok = await this.send(dep);
        if (this.faults.duplicate && ok) await this.send(dep);
        return ok;
      },
      () => {
        dep.callback.state = 'gave_up';
        this.log('callback given up', { deposit: dep.id });
      },
    );
  }

  /** One attempt; true when Kessai answered 2xx (or 4xx: a rejection a retry cannot fix). */
  private async send(dep: SimDeposit): Promise<boolean> {
    if (this.faults.delay_ms > 0) await new Promise((r) => setTimeout(r, this.faults.delay_ms));
    if (this.faults.fail_next > 0) {
      this.faults.fail_next -= 1;
      dep.callback.attempts.push({ at: new Date().toISOString(), status: 0, error: 'simulated network failure' });
      return false;
    }
    const r = await postSignedCallback({
      url: this.opts.webhookUrl,
      secret: this.faults.bad_signature ? 'whsec_wrong_secret_for_testing' : this.opts.secret,
      body: this.body(dep),
      signedAtMs: Date.now() + this.faults.timestamp_skew_s * 1000,
    });
    dep.callback.attempts.push(r.attempt);
    if (r.text !== undefined) {
      try {
        dep.callback.last_body = JSON.parse(r.text);
      } catch {
        dep.callback.last_body = r.text;
      }
    }
    if (r.done) dep.callback.state = 'delivered';
    return r.done;
  }
}

/** The simulator's HTTP API (what `kessai bank deposit` and the tests call). */
export function createSimulatorServer(sim: BankSimulator): http.Server {
  return http.createServer((req, res) => {
    handle(sim, req, res).catch((err: unknown) => send(res, 500, { error: String((err as Error).message ?? err) }));
  });
}

async function handle(sim: BankSimulator, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /healthz') return send(res, 200, { status: 'ok' });
  const deposit = /^\/accounts\/(\d{7})\/deposits$/.exec(url.pathname);
  if (req.method === 'POST' && deposit) {
    const body = (await readJson(req)) as { amount?: unknown; payer_name_kana?: unknown; bank_reference?: unknown };
    if (typeof body.amount !== 'number' || !Number.isSafeInteger(body.amount) || body.amount <= 0) return send(res, 400, { error: 'amount: a positive whole number of yen' });
    const dep = await sim.receive(
      deposit[1],
      body.amount,
      typeof body.payer_name_kana === 'string' ? body.payer_name_kana : 'ｶ)ﾃｽﾄ',
      typeof body.bank_reference === 'string' ? body.bank_reference : undefined,
    );
    return send(res, 201, dep);
  }
  if (route === 'GET /deposits') return send(res, 200, { deposits: [...sim.deposits.values()] });
  const one = /^\/deposits\/([\w-]+)(\/resend)?$/.exec(url.pathname);
  if (one && req.method === 'GET') {
    const dep = sim.deposits.get(one[1]);
    return dep ? send(res, 200, dep) : send(res, 404, { error: 'no such deposit' });
  }
  if (one && one[2] && req.method === 'POST') {
    const dep = await sim.resend(one[1]);
    return dep ? send(res, 200, dep) : send(res, 404, { error: 'no such deposit' });
  }
  if (route === 'POST /control/faults') return send(res, 200, sim.setFaults((await readJson(req)) as Partial<Faults>));
  if (route === 'DELETE /control/faults') return send(res, 200, sim.resetFaults());
  if (route === 'POST /control/release') return send(res, 200, { released: (await sim.release()).map((d) => d.id) });
  send(res, 404, { error: `no route ${route}` });
}
