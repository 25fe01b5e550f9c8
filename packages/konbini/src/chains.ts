/**
 * The convenience-store chains and what each needs from the customer
 * (docs/reference/konbini.md#payment-numbers). This is
 * the one table: the kind of number, its parts and their lengths are data here
 * and nowhere else.
 */
export const CHAIN_IDS = ['seven_eleven', 'lawson', 'familymart', 'ministop', 'daily_yamazaki', 'seicomart'] as const;
export type ChainId = (typeof CHAIN_IDS)[number];

export type NumberKind = 'slip_number' | 'customer_and_confirmation' | 'company_and_order' | 'online_payment_number';

export interface NumberPart {
  /** e.g. `customer_number`, `confirmation_number` */
  name: string;
  length: number;
  /**
   * the company code Kessai holds at this chain (FamilyMart's) instead of a
   * generated value: configuration, passed in as `CompanyCodes`, never code
   */
  companyCode?: boolean;
  /** the last digit is a Luhn (mod 10) check digit over the part */
  checkDigit: boolean;
}

/** The company codes Kessai holds at the chains whose numbers start with one (FamilyMart), from configuration. */
export type CompanyCodes = Partial<Record<ChainId, string>>;

/**
 * How a chain takes a persistent customer number (docs/reference/konbini.md#customer-numbers):
 * the customer enters it at the chain's kiosk in place of one bill's number,
 * the kiosk lists the customer's open bills, and the customer picks one.
 */
export interface CustomerNumberSpec {
  /** the kiosk system; chains sharing one (Lawson and Ministop: Loppi) share the customer's entry */
  system: 'loppi' | 'famiport';
  /**
   * digits before the customer number in the chain's first generated part, so
   * that it fills the part's length and its Luhn digit stays valid
   */
  prefix: string;
}

export interface ChainSpec {
  id: ChainId;
  nameJa: string;
  /** where the customer pays: at the register or at a kiosk first */
  where: 'register' | 'loppi' | 'multi_copy_machine';
  kind: NumberKind;
  /**
   * Parts of what the customer enters. The company code (if any) followed by
   * the first generated part is the payment number the store network reports back.
   */
  parts: readonly NumberPart[];
  /**
   * Stamp duty threshold applies to the amount including separately stated
   * consumption tax at this chain (docs/reference/konbini.md#stamp-duty).
   */
  stampOnTaxIncluded: boolean;
  /** whether and how the chain takes a persistent customer number; null: the customer pays each bill by its own number */
  customerNumber: CustomerNumberSpec | null;
  /**
   * the till scans the slip's GS1-128 barcode; the slip prints one barcode per
   * such chain, carrying that chain's number (docs/konbini.md#slip)
   */
  tillBarcode: boolean;
  instructionsJa: string;
  /**
   * How the chain hands the confirmed money over (docs/reference/konbini.md#store-chain-settlements):
   * each week's confirmations (Monday–Sunday, Tokyo) in one bank transfer, this many bank business
   * days after the Sunday, from an account in this (bank kana) name.
   */
  settlement: { lagBusinessDays: number; payerNameKana: string };
}

export const CHAINS: Record<ChainId, ChainSpec> = {
  seven_eleven: {
    id: 'seven_eleven', nameJa: 'セブン-イレブン', where: 'register', kind: 'slip_number',
    parts: [{ name: 'slip_number', length: 13, checkDigit: true }],
    stampOnTaxIncluded: true,
    customerNumber: null,
    tillBarcode: true,
    instructionsJa: 'レジで「インターネット支払い」とお伝えのうえ、払込票番号（13桁）をお伝えください。',
    settlement: { lagBusinessDays: 3, payerNameKana: 'ｾﾌﾞﾝｲﾚﾌﾞﾝｼﾞﾔﾊﾟﾝ' },
  },
  lawson: {
    id: 'lawson', nameJa: 'ローソン', where: 'loppi', kind: 'customer_and_confirmation',
    parts: [{ name: 'customer_number', length: 14, checkDigit: true }, { name: 'confirmation_number', length: 4, checkDigit: false }],
    stampOnTaxIncluded: false,
    customerNumber: { system: 'loppi', prefix: '91' },
    tillBarcode: false,
    instructionsJa: 'Loppiで「各種番号をお持ちの方」を選び、お客様番号と確認番号を入力し、発券された申込券を30分以内にレジへお持ちください。',
    settlement: { lagBusinessDays: 3, payerNameKana: 'ﾛ-ｿﾝ' },
  },
  ministop: {
    id: 'ministop', nameJa: 'ミニストップ', where: 'loppi', kind: 'customer_and_confirmation',
    parts: [{ name: 'customer_number', length: 14, checkDigit: true }, { name: 'confirmation_number', length: 4, checkDigit: false }],
    stampOnTaxIncluded: false,
    customerNumber: { system: 'loppi', prefix: '91' },
    tillBarcode: false,
    instructionsJa: 'Loppiで「各種番号をお持ちの方」を選び、お客様番号と確認番号を入力し、発券された申込券を30分以内にレジへお持ちください。',
    settlement: { lagBusinessDays: 4, payerNameKana: 'ﾐﾆｽﾄﾂﾌﾟ' },
  },
  familymart: {
    id: 'familymart', nameJa: 'ファミリーマート', where: 'multi_copy_machine', kind: 'company_and_order',
    parts: [{ name: 'company_code', length: 5, companyCode: true, checkDigit: false }, { name: 'order_number', length: 12, checkDigit: true }],
    stampOnTaxIncluded: true,
    customerNumber: { system: 'famiport', prefix: '' },
    tillBarcode: false,
    instructionsJa: 'マルチコピー機で「代金支払い」を選び、企業コード（5桁）と注文番号（12桁）を入力し、発券された申込券を30分以内にレジへお持ちください。',
    settlement: { lagBusinessDays: 4, payerNameKana: 'ﾌｱﾐﾘ-ﾏ-ﾄ' },
  },
  daily_yamazaki: {
    id: 'daily_yamazaki', nameJa: 'デイリーヤマザキ', where: 'register', kind: 'online_payment_number',
    parts: [{ name: 'online_payment_number', length: 11, checkDigit: true }],
    stampOnTaxIncluded: true,
    customerNumber: null,
    tillBarcode: true,
    instructionsJa: 'レジで「オンライン決済」とお伝えのうえ、オンライン決済番号（11桁）をお伝えください。',
    settlement: { lagBusinessDays: 5, payerNameKana: 'ﾔﾏｻﾞｷﾃﾞｲﾘ-' },
  },
  seicomart: {
    id: 'seicomart', nameJa: 'セイコーマート', where: 'register', kind: 'online_payment_number',
    parts: [{ name: 'online_payment_number', length: 11, checkDigit: true }],
    stampOnTaxIncluded: false,
    customerNumber: null,
    tillBarcode: true,
    instructionsJa: 'レジで「インターネット受付」とお伝えのうえ、オンライン決済番号（11桁）をタッチパネルに入力してください。',
    settlement: { lagBusinessDays: 5, payerNameKana: 'ｾｲｺ-ﾏ-ﾄ' },
  },
};

export function isChainId(value: string): value is ChainId {
  return (CHAIN_IDS as readonly string[]).includes(value);
}
