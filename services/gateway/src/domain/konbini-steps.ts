import type { ChainId } from '@kessai/konbini';

/**
 * What the customer does at each chain's kiosk or till, step by step, for the
 * hosted payment page (docs/reference/konbini.md#hosted-payment-page). Keyed by
 * @kessai/konbini's chain ids; the number parts' names are the table's too.
 */
export interface ChainSteps {
  name: { ja: string; en: string };
  /** the till scans the slip's barcode (shown on the page) */
  barcode: boolean;
  steps: { ja: string[]; en: string[] };
}

export const CHAIN_STEPS: Record<ChainId, ChainSteps> = {
  seven_eleven: {
    name: { ja: 'セブン-イレブン', en: '7-Eleven' },
    barcode: true,
    steps: {
      ja: ['レジで「インターネット支払い」とお伝えください。', '払込票番号（13桁）をお伝えいただくか、この画面のバーコードをお見せください。', '代金を現金でお支払いください。レシートが領収書です。'],
      en: ['Tell the cashier “Internet payment”.', 'Give the 13-digit slip number, or show the barcode on this screen.', 'Pay in cash. The receipt is your proof of payment.'],
    },
  },
  lawson: {
    name: { ja: 'ローソン', en: 'Lawson' },
    barcode: false,
    steps: {
      ja: ['店内のLoppiで「各種番号をお持ちの方」を選びます。', 'お客様番号と確認番号を入力します。', '内容を確認し、発券された申込券を30分以内にレジへお持ちください。', '代金を現金でお支払いください。'],
      en: ['At the Loppi kiosk, choose “I have a number”.', 'Enter the customer number and the confirmation number.', 'Check the details and take the printed ticket to the counter within 30 minutes.', 'Pay in cash.'],
    },
  },
  ministop: {
    name: { ja: 'ミニストップ', en: 'Ministop' },
    barcode: false,
    steps: {
      ja: ['店内のLoppiで「各種番号をお持ちの方」を選びます。', 'お客様番号と確認番号を入力します。', '内容を確認し、発券された申込券を30分以内にレジへお持ちください。', '代金を現金でお支払いください。'],
      en: ['At the Loppi kiosk, choose “I have a number”.', 'Enter the customer number and the confirmation number.', 'Check the details and take the printed ticket to the counter within 30 minutes.', 'Pay in cash.'],
    },
  },
  familymart: {
    name: { ja: 'ファミリーマート', en: 'FamilyMart' },
    barcode: false,
    steps: {
      ja: ['店内のマルチコピー機で「代金支払い」を選びます。', '企業コード（5桁）と注文番号（12桁）を入力します。', '発券された申込券を30分以内にレジへお持ちください。', '代金を現金でお支払いください。'],
      en: ['At the multi-copy machine, choose “Bill payment”.', 'Enter the 5-digit company code and the 12-digit order number.', 'Take the printed ticket to the counter within 30 minutes.', 'Pay in cash.'],
    },
  },
  daily_yamazaki: {
    name: { ja: 'デイリーヤマザキ', en: 'Daily Yamazaki' },
    barcode: true,
    steps: {
      ja: ['レジで「オンライン決済」とお伝えください。', 'オンライン決済番号（11桁）をお伝えいただくか、この画面のバーコードをお見せください。', '代金を現金でお支払いください。'],
      en: ['Tell the cashier “Online payment”.', 'Give the 11-digit online payment number, or show the barcode on this screen.', 'Pay in cash.'],
    },
  },
  seicomart: {
    name: { ja: 'セイコーマート', en: 'Seicomart' },
    barcode: true,
    steps: {
      ja: ['レジで「インターネット受付」とお伝えください。', 'オンライン決済番号（11桁）をタッチパネルに入力するか、この画面のバーコードをお見せください。', '代金を現金でお支払いください。'],
      en: ['Tell the cashier “Internet payment”.', 'Enter the 11-digit online payment number on the touch panel, or show the barcode on this screen.', 'Pay in cash.'],
    },
  },
};

/** The names of the parts of a payment number, as the page shows them. */
export const PART_LABELS: Record<string, { ja: string; en: string }> = {
  slip_number: { ja: '払込票番号', en: 'Slip number' },
  customer_number: { ja: 'お客様番号', en: 'Customer number' },
  confirmation_number: { ja: '確認番号', en: 'Confirmation number' },
  company_code: { ja: '企業コード', en: 'Company code' },
  order_number: { ja: '注文番号', en: 'Order number' },
  online_payment_number: { ja: 'オンライン決済番号', en: 'Online payment number' },
};
