import { DomainError } from '@kessai/platform';

/** A payment as the store-network simulator keeps it (tools/store-simulator). */
export interface SimulatedPayment {
  id: string;
  chain: string;
  payment_number: string;
  amount: number;
  paid_at: string;
  results: { status: 'preliminary' | 'confirmed' | 'cancelled' }[];
}

/**
 * The store-network simulator's control API over HTTP: the test helpers pay,
 * confirm and cancel through it, so every result takes the real signed path
 * (the simulator looks the number up and reports to the webhook service).
 */
export class StoreSimulatorClient {
  constructor(private readonly baseUrl: string) {}

  pay(req: { chain: string; number: string; pick: string; paid_at: string; amount?: number }): Promise<SimulatedPayment> {
    return this.call('POST', '/pay', req);
  }

  async payments(): Promise<SimulatedPayment[]> {
    return (await this.call<{ payments: SimulatedPayment[] }>('GET', '/payments')).payments;
  }

  report(id: string, result: 'confirm' | 'cancel'): Promise<SimulatedPayment> {
    return this.call('POST', `/payments/${encodeURIComponent(id)}/${result}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl.replace(/\/$/, '')}${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw new DomainError('unavailable', 'store_simulator_unavailable', `the store-network simulator did not answer: ${(err as Error).message}`);
    }
    const json = (await res.json().catch(() => ({}))) as { error?: string };
    if (res.status === 404) throw new DomainError('failed_precondition', 'store_simulator_refused', `the store network found nothing to pay: ${json.error ?? ''}`.trim());
    if (res.status >= 400) throw new DomainError('unavailable', 'store_simulator_failed', `the store-network simulator answered ${res.status}: ${json.error ?? ''}`.trim());
    return json as T;
  }
}
