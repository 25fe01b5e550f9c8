import type { StatementFigures } from './statement';
import { CONSUMPTION_TAX_RATE_PERCENT, taxPerRate, type RateTotal } from './tax';

/**
 * A qualified invoice (適格請求書, docs/reference/legal.md#qualified-invoices):
 * what Kessai issues to a merchant for the fees it charged — a collection
 * statement (the fees come off the payout) or a monthly remittance invoice.
 * It names the issuer and its registration number, the recipient, the date
 * and the period, the lines with their rate, and the total and tax per rate
 * (one rounding per document and rate). Stamp duty is a non-taxable line.
 * Pure: the renderers in src/documents/ only lay it out.
 */
export interface QualifiedInvoice {
  kind: 'statement' | 'invoice';
  /** the statement's or invoice's id: the document number */
  number: string;
  livemode: boolean;
  issuer: Issuer;
  recipient: { merchantId: string; name: string };
  /** the day the document is issued (YYYY-MM-DD, Tokyo): a statement's fix date */
  issuedOn: string;
  period: { start: string; end: string };
  lines: DocumentLine[];
  /** per rate, ascending: the lines at that rate summed, and their tax */
  rates: RateTotal[];
  /** non-taxable lines summed (stamp duty) */
  nonTaxableTotal: number;
  /** the taxable lines + their tax + the non-taxable lines */
  total: number;
  taxTotal: number;
  /** a statement only: how the collections were settled against the fees */
  settlement: Settlement | null;
  /** an invoice only: the day it must be paid by */
  dueOn: string | null;
  /** an invoice only: the merchant's invoice account (virtual account number of the invoice's mode) to pay into */
  payTo: string | null;
  /** a statement settling tenants too: each merchant's share (collections, fees, stamp duty), else empty */
  tenants: TenantShareLine[];
}

/** One merchant's share of a statement (tax and the payout fee stay the statement's, once). */
export interface TenantShareLine {
  merchantId: string;
  name: string;
  confirmedCollections: number;
  collectionCount: number;
  fees: number;
  stampDuty: number;
}

export interface Issuer {
  name: string;
  /** T + the 13-digit corporate number (domain/registration-number.ts) */
  registrationNumber: string;
  address: string;
}

/** One line: a fee kind with its count and amount (excluding tax), or stamp duty (not taxable). */
export interface DocumentLine {
  kind: string;
  label: string;
  count: number;
  /** yen, excluding tax */
  amount: number;
  /** null: not taxable (stamp duty, 不課税) */
  taxRatePercent: number | null;
}

export interface Settlement {
  confirmedCollections: number;
  carriedIn: number;
  /** the document's total: fees, their tax and stamp duty */
  deducted: number;
  payoutAmount: number;
  payoutDate: string | null;
  carriedOver: number;
}

/** Japanese names of the fee kinds (docs/reference/fees-and-settlement.md#the-fee-schedule). */
export const LINE_LABELS: Record<string, string> = {
  paid_bill: '収納手数料',
  unpaid_bill: '未収納請求手数料',
  payout_transfer: '振込手数料',
  stamp_duty: '印紙税相当額（不課税）',
  remittance_transfer: '送金手数料',
  phone_reception: '電話受付手数料',
  postcard: 'はがき送付手数料',
  deposit_refund: '預り金返金手数料',
  reversal: '組戻し手数料',
  initial: '初期費用',
  deposit_management: '預り金管理手数料',
  base: '月額基本料',
};

/** The charges of a document by kind (fee items summed per kind and taxability). */
export interface ChargeGroup {
  kind: string;
  count: number;
  amount: number;
  taxable: boolean;
}

function lineOf(g: ChargeGroup): DocumentLine {
  return { kind: g.kind, label: LINE_LABELS[g.kind] ?? g.kind, count: g.count, amount: g.amount, taxRatePercent: g.taxable ? CONSUMPTION_TAX_RATE_PERCENT : null };
}

/** Orders lines as the schedule lists the kinds (unknown kinds last, by name), taxable before stamp duty. */
function ordered(lines: DocumentLine[]): DocumentLine[] {
  const order = Object.keys(LINE_LABELS);
  const rank = (l: DocumentLine) => (l.taxRatePercent === null ? 1000 : 0) + (order.includes(l.kind) ? order.indexOf(l.kind) : 500);
  return [...lines].sort((a, b) => rank(a) - rank(b) || a.kind.localeCompare(b.kind));
}

function totals(lines: DocumentLine[]) {
  const rates = taxPerRate(lines);
  const taxTotal = rates.reduce((s, r) => s + r.tax, 0);
  const taxable = rates.reduce((s, r) => s + r.taxableTotal, 0);
  const nonTaxableTotal = lines.filter((l) => l.taxRatePercent === null).reduce((s, l) => s + l.amount, 0);
  return { rates, taxTotal, nonTaxableTotal, total: taxable + taxTotal + nonTaxableTotal };
}

/** A statement's figures and what the document needs besides. */
export interface StatementInput {
  id: string;
  merchantId: string;
  livemode: boolean;
  periodStart: string;
  periodClose: string;
  fixDate: string;
  payoutDate: string;
  figures: StatementFigures;
  /** the fee items on the statement (collection fees and stamp duty), grouped */
  charges: ChargeGroup[];
  /** its per-merchant shares (statement_tenants); shown when a tenant is on it */
  tenants?: TenantShareLine[];
}

/**
 * A fixed collection statement as a qualified invoice: its fee items, the
 * payout transfer fee when there is a payout, stamp duty as a non-taxable
 * line, and the settlement (collections − the document's total = payout or
 * carry-over). The tax is worked out again from the lines and must equal the
 * statement's (computeStatement taxes the same lines once): a document never
 * shows other figures than the statement it is of.
 */
export function statementInvoice(s: StatementInput, issuer: Issuer, recipientName: string): QualifiedInvoice {
  const groups = [...s.charges];
  if (s.figures.payoutFee > 0) groups.push({ kind: 'payout_transfer', count: 1, amount: s.figures.payoutFee, taxable: true });
  const lines = ordered(mergeGroups(groups).map(lineOf));
  const t = totals(lines);
  const fees = s.charges.filter((g) => g.taxable).reduce((x, g) => x + g.amount, 0);
  if (t.taxTotal !== s.figures.consumptionTax || t.nonTaxableTotal !== s.figures.stampDuty || fees !== s.figures.fees) {
    throw new Error(`statement ${s.id}: its fee items (fees ${fees}, tax ${t.taxTotal}, stamp duty ${t.nonTaxableTotal}) do not match its figures (${s.figures.fees}, ${s.figures.consumptionTax}, ${s.figures.stampDuty})`);
  }
  return {
    kind: 'statement', number: s.id, livemode: s.livemode, issuer, recipient: { merchantId: s.merchantId, name: recipientName }, issuedOn: s.fixDate,
    period: { start: s.periodStart, end: s.periodClose }, lines, ...t, dueOn: null, payTo: null,
    tenants: (s.tenants ?? []).some((x) => x.merchantId !== s.merchantId) ? (s.tenants ?? []) : [],
    settlement: {
      confirmedCollections: s.figures.confirmedCollections, carriedIn: s.figures.carriedIn, deducted: t.total, payoutAmount: s.figures.payoutAmount,
      payoutDate: s.figures.payoutAmount > 0 ? s.payoutDate : null, carriedOver: s.figures.carriedOver,
    },
  };
}

/** A monthly remittance invoice's facts (its fee items grouped), whatever table holds it. */
export interface InvoiceInput {
  id: string;
  merchantId: string;
  livemode: boolean;
  periodStart: string;
  periodEnd: string;
  issuedOn: string;
  dueOn: string;
  charges: ChargeGroup[];
  /** the invoice's stored figures, when it has them: the document must show the same */
  figures?: { consumptionTax: number; total: number };
  /** the invoice account to pay into ('' or absent: not known) */
  payTo?: string;
}

/**
 * A remittance invoice as a qualified invoice: its fee items, the tax per
 * rate, the total to pay, the due date and the account to pay into. As for a
 * statement, the tax is worked out again from the lines and must equal the
 * invoice's stored figures (computeInvoice taxes the same lines once).
 */
export function remittanceInvoice(i: InvoiceInput, issuer: Issuer, recipientName: string): QualifiedInvoice {
  const lines = ordered(mergeGroups(i.charges).map(lineOf));
  const t = totals(lines);
  if (i.figures && (t.taxTotal !== i.figures.consumptionTax || t.total !== i.figures.total)) {
    throw new Error(`invoice ${i.id}: its lines (tax ${t.taxTotal}, total ${t.total}) do not match its figures (${i.figures.consumptionTax}, ${i.figures.total})`);
  }
  return {
    kind: 'invoice', number: i.id, livemode: i.livemode, issuer, recipient: { merchantId: i.merchantId, name: recipientName }, issuedOn: i.issuedOn,
    period: { start: i.periodStart, end: i.periodEnd }, lines, ...t, settlement: null, dueOn: i.dueOn, payTo: i.payTo || null, tenants: [],
  };
}

/** One group per kind and taxability (the payout fee joins the payout_transfer items, if any). */
function mergeGroups(groups: ChargeGroup[]): ChargeGroup[] {
  const by = new Map<string, ChargeGroup>();
  for (const g of groups) {
    const key = `${g.kind}:${g.taxable}`;
    const seen = by.get(key);
    by.set(key, seen ? { ...seen, count: seen.count + g.count, amount: seen.amount + g.amount } : { ...g });
  }
  return [...by.values()];
}
