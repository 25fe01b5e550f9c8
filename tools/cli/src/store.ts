import { parseArgs } from 'node:util';
import { UsageError } from './args';

export const STORE_HELP = `  kessai store lookup --chain <chain> --number <payment or customer number>       (store simulator)
  kessai store pay --chain <chain> --number <number> [--pick <payment number>] [--cancel]   (store simulator)
  kessai store confirm|cancel --payment <simulator payment id>                     (store simulator)
  kessai store date --date YYYY-MM-DD | --days N     move the network's date; the chains transfer what is due  (store simulator)
  kessai store settle                                transfer what is due now; \`store settlements\` lists them  (store simulator)`;

const USAGE = `usage:\n${STORE_HELP}\nchains: seven_eleven, lawson, familymart, ministop, daily_yamazaki, seicomart`;

/** `kessai store …`: pay a bill as a customer at a convenience store would, through the store-network simulator. */
export async function storeCommand(action: string | undefined, args: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args,
    options: {
      chain: { type: 'string' }, number: { type: 'string' }, pick: { type: 'string' }, cancel: { type: 'boolean' }, payment: { type: 'string' },
      date: { type: 'string' }, days: { type: 'string' },
    },
    strict: true,
  });
  const base = process.env.STORE_SIMULATOR_URL ?? 'http://127.0.0.1:8091';
  const call = async (path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as unknown;
    if (!res.ok) throw new Error(`store simulator answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
  switch (action) {
    case 'lookup':
    case 'pay':
      if (!values.chain || !values.number) throw new UsageError(USAGE);
      return call(`/${action}`, { chain: values.chain, number: values.number, pick: values.pick, cancel: values.cancel });
    case 'confirm':
    case 'cancel':
      if (!values.payment) throw new UsageError(USAGE);
      return call(`/payments/${encodeURIComponent(values.payment)}/${action}`, {});
    case 'date':
      if (!values.date === !values.days) throw new UsageError(USAGE);
      return call('/control/date', values.date ? { date: values.date } : { advance_days: Number(values.days) });
    case 'settle':
      return call('/control/settle', {});
    case 'settlements':
      return call('/settlements');
    default:
      throw new UsageError(USAGE);
  }
}
