import { addBankBusinessDays, addCalendarDays, dayOfWeek, parseIsoDate, type IsoDate } from '@kessai/bank-calendar';
import { CHAIN_IDS, CHAINS, ChainId, isChainId } from './chains';

/**
 * How the store chains hand confirmed money over to Kessai
 * (docs/reference/konbini.md#store-chain-settlements): per chain, each week's
 * confirmations — Monday to Sunday, Tokyo dates — in one bank transfer into
 * the chain's own virtual account at Kessai's bank, the chain's
 * `settlement.lagBusinessDays` bank business days after the Sunday. The
 * transfer's EDI field names the week, so Kessai knows what it pays for.
 */
export interface SettlementPeriod {
  /** the Monday */
  from: IsoDate;
  /** the Sunday */
  to: IsoDate;
}

/** The settlement week a confirmation on `date` belongs to. */
export function settlementPeriodOf(date: IsoDate): SettlementPeriod {
  const d = parseIsoDate(date);
  const from = addCalendarDays(d, -((dayOfWeek(d) + 6) % 7));
  return { from, to: addCalendarDays(from, 6) };
}

/** The bank date the chain transfers a week's money on. */
export function settlementDueDate(chain: ChainId, period: SettlementPeriod): IsoDate {
  return addBankBusinessDays(period.to, CHAINS[chain].settlement.lagBusinessDays);
}

const EDI_PREFIX = 'KSTL';
const yymmdd = (d: IsoDate) => d.slice(2).replace(/-/g, '');

/** The transfer's EDI information (金融EDI情報, at most 20 characters): `KSTL` + the Monday and the Sunday as YYMMDD. */
export function settlementEdi(period: SettlementPeriod): string {
  return `${EDI_PREFIX}${yymmdd(period.from)}${yymmdd(period.to)}`;
}

/** The week an EDI field names, or null when it is not one of ours (or not a Monday-to-Sunday week). */
export function parseSettlementEdi(edi: string): SettlementPeriod | null {
  const m = /^KSTL(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(edi.trim());
  if (!m) return null;
  try {
    const from = parseIsoDate(`20${m[1]}-${m[2]}-${m[3]}`);
    const to = parseIsoDate(`20${m[4]}-${m[5]}-${m[6]}`);
    const period = settlementPeriodOf(from);
    return period.from === from && period.to === to ? period : null;
  } catch {
    return null;
  }
}

/** Which chain pays into which of Kessai's virtual accounts (7 digits): configuration. */
export type SettlementAccounts = Partial<Record<ChainId, string>>;

/** The accounts of development and test (never a default outside them). */
export const DEV_SETTLEMENT_ACCOUNTS: SettlementAccounts = {
  seven_eleven: '9900101', lawson: '9900102', familymart: '9900103', ministop: '9900104', daily_yamazaki: '9900105', seicomart: '9900106',
};

/** `seven_eleven=9900101,lawson=9900102`; throws naming what is wrong. */
export function parseSettlementAccounts(text: string): SettlementAccounts {
  const out: SettlementAccounts = {};
  const seen = new Set<string>();
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [chain, number] = item.split('=').map((s) => s.trim());
    if (!isChainId(chain)) throw new Error(`settlement accounts: ${JSON.stringify(chain)} is not a chain (one of ${CHAIN_IDS.join(', ')})`);
    if (!/^\d{7}$/.test(number ?? '')) throw new Error(`settlement accounts: ${chain} needs a 7-digit account number`);
    if (seen.has(number)) throw new Error(`settlement accounts: ${number} is given to two chains`);
    seen.add(number);
    out[chain] = number;
  }
  return out;
}

/** The chain whose settlement account `accountNumber` is, if any. */
export function chainOfSettlementAccount(accounts: SettlementAccounts, accountNumber: string): ChainId | undefined {
  return CHAIN_IDS.find((c) => accounts[c] === accountNumber);
}
