import { signatureHeader } from './signing';

/**
 * A partner's signed callbacks to Kessai, as the simulators (store network,
 * bank) send them: one signed POST per attempt (`Kessai-Partner-Signature`),
 * retried on no answer or a 5xx after each of a list of delays, then given
 * up. A 2xx — or a 4xx, a rejection no retry can fix — ends the retries.
 */
export const DEFAULT_CALLBACK_RETRY_DELAYS_MS = [200, 1_000, 5_000, 15_000, 60_000];
export const PARTNER_SIGNATURE_HEADER = 'kessai-partner-signature';

export interface CallbackAttempt {
  at: string;
  /** the HTTP status; 0 = no answer */
  status: number;
  error?: string;
}

export interface SignedCallbackResult {
  attempt: CallbackAttempt;
  /** delivered: 2xx, or a 4xx no retry can fix */
  done: boolean;
  /** the answer's body (text), when there was one */
  text?: string;
}

/** One signed POST; never throws (a network failure is an attempt with status 0). */
export async function postSignedCallback(req: {
  url: string;
  secret: string;
  body: string;
  /** the signature's timestamp (default now): a skewed clock is a fault the simulators play */
  signedAtMs?: number;
  timeoutMs?: number;
}): Promise<SignedCallbackResult> {
  const at = new Date().toISOString();
  try {
    const res = await fetch(req.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PARTNER_SIGNATURE_HEADER]: signatureHeader(req.secret, req.body, req.signedAtMs ?? Date.now()) },
      body: req.body,
      signal: AbortSignal.timeout(req.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    return { attempt: { at, status: res.status }, done: res.status < 500, text };
  } catch (err) {
    return { attempt: { at, status: 0, error: (err as Error).message }, done: false };
  }
}

/**
 * Runs a delivery now and, while it is not done, again after each retry
 * delay; `onGiveUp` after the last. Timers are unref'd (a retry never keeps a
 * process alive) and `stop()` cancels every pending one.
 */
export class CallbackRetrier {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly delaysMs: readonly number[] = DEFAULT_CALLBACK_RETRY_DELAYS_MS) {}

  /** Resolves after the first attempt (later ones run on timers). */
  async deliver(attempt: () => Promise<boolean>, onGiveUp: () => void = () => undefined): Promise<void> {
    await this.step(attempt, onGiveUp, 0);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async step(attempt: () => Promise<boolean>, onGiveUp: () => void, retry: number): Promise<void> {
    let done = false;
    try {
      done = await attempt();
    } catch {
      done = false;
    }
    if (done) return;
    if (retry >= this.delaysMs.length) {
      onGiveUp();
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.step(attempt, onGiveUp, retry + 1);
    }, this.delaysMs[retry]);
    t.unref();
    this.timers.add(t);
  }
}
