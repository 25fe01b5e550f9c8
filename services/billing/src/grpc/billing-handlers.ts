import { billingV1 } from '@kessai/contracts';
import { assertYen, inItem, UnaryHandlers, ValidationError } from '@kessai/platform';
import { createBill, CreateBillInput, createBills } from '../app/create-bill';
import { createCustomer } from '../app/create-customer';
import { deleteBill } from '../app/delete-bill';
import type { BillingDeps } from '../app/deps';
import { exportPayments, ExportFormat } from '../app/export-payments';
import { getBill } from '../app/get-bill';
import { getCustomer } from '../app/get-customer';
import { getCustomerCard } from '../app/get-customer-card';
import { getHostedBill } from '../app/get-hosted-bill';
import { getPayment } from '../app/get-payment';
import { getSlip } from '../app/get-slip';
import { listBills } from '../app/list-bills';
import { listCustomers } from '../app/list-customers';
import { listPayments } from '../app/list-payments';
import { lookupNumber } from '../app/lookup-number';
import { sendBillNotice } from '../app/send-bill-notice';
import { hostedUrl, slipUrl } from '../app/slip-url';
import { updateBill } from '../app/update-bill';
import { customerNumberEntriesOf, slipBarcodes } from '../domain/slip-barcodes';
import { slipBarcodeSvg } from '../render/barcode-image';
import { renderSlipPdf } from '../render/slip';
import { billStatusFromWire, billToWire, customerToWire, paymentStatusFromWire, paymentToWire, scopeFromWire } from './mapping';

const EXPORT_FORMATS: Record<number, ExportFormat | undefined> = {
  [billingV1.ExportFormat.EXPORT_FORMAT_CSV_UTF8]: 'csv_utf8',
  [billingV1.ExportFormat.EXPORT_FORMAT_CSV_SHIFT_JIS]: 'csv_shift_jis',
  [billingV1.ExportFormat.EXPORT_FORMAT_PDF]: 'pdf',
};

/** BillingService: each handler maps wire <-> use case, nothing more. */
export function billingHandlers(deps: BillingDeps): UnaryHandlers<typeof billingV1.BillingServiceService> {
  const wire = (b: Parameters<typeof billToWire>[0]) => billToWire(b, deps, slipUrl(deps, b), hostedUrl(deps, b));
  const customer = (c: Parameters<typeof customerToWire>[0]) => customerToWire(c, deps);
  return {
    async createBill(req) {
      const r = await createBill(deps, createBillInput(req));
      return { bill: wire(r.bill), replayed: r.replayed };
    },
    async createBills(req) {
      const r = await createBills(deps, req.requestId, req.bills.map((b, i) => inItem(`bills[${i}]`, () => createBillInput(b))));
      return { bills: r.bills.map(wire), replayed: r.replayed };
    },
    async getBill(req) {
      return { bill: wire(await getBill(deps, scopeFromWire(req.scope), req.billId)) };
    },
    async listBills(req) {
      const r = await listBills(deps, scopeFromWire(req.scope), {
        status: req.status ? billStatusFromWire(req.status) : undefined,
        customerEmail: req.customerEmail || undefined,
        customerNumber: req.customerNumber || undefined,
        dueFrom: req.dueFrom || undefined,
        dueTo: req.dueTo || undefined,
        createdFrom: req.createdFrom,
        createdTo: req.createdTo,
        pageSize: req.pageSize,
        startingAfter: req.startingAfter || undefined,
        orderReference: req.orderReference || undefined,
        paidFrom: req.paidFrom || undefined,
        paidTo: req.paidTo || undefined,
      });
      return { bills: r.bills.map(wire), hasMore: r.hasMore };
    },
    async updateBill(req) {
      const bill = await updateBill(deps, scopeFromWire(req.scope), req.billId, {
        amount: req.amount === undefined ? undefined : assertYen(req.amount, 'amount'),
        taxAmount: req.clearTaxAmount ? null : req.taxAmount === undefined ? undefined : assertYen(req.taxAmount, 'tax_amount', { min: 0 }),
        dueDate: req.dueDate,
        message: req.message,
        metadata: req.metadata?.values,
      }, req.requestId);
      return { bill: wire(bill) };
    },
    async deleteBill(req) {
      return { bill: wire(await deleteBill(deps, scopeFromWire(req.scope), req.billId, req.requestId)) };
    },
    async listPayments(req) {
      const r = await listPayments(deps, scopeFromWire(req.scope), {
        billId: req.billId || undefined,
        status: req.status ? paymentStatusFromWire(req.status) : undefined,
        pageSize: req.pageSize,
        startingAfter: req.startingAfter || undefined,
        orderReference: req.orderReference || undefined,
        paidFrom: req.paidFrom || undefined,
        paidTo: req.paidTo || undefined,
      });
      return { payments: r.payments.map(paymentToWire), hasMore: r.hasMore };
    },
    async getSlip(req) {
      const bill = await getSlip(deps, req.token);
      const w = wire(bill);
      const extras = { barcodes: slipBarcodes(bill, deps.barcodeCompanyCode), customerNumberEntries: customerNumberEntriesOf(bill.customerNumber, deps.companyCodes) };
      return { bill: w, pdf: await renderSlipPdf(bill, extras, { fontPath: deps.fontPath }) };
    },
    async exportPayments(req) {
      const format = EXPORT_FORMATS[req.format];
      if (!format) throw ValidationError.field('format', 'must be csv_utf8, csv_shift_jis or pdf');
      const r = await exportPayments(deps, scopeFromWire(req.scope), {
        format,
        status: req.status ? paymentStatusFromWire(req.status) : undefined,
        paidFrom: req.paidFrom || undefined,
        paidTo: req.paidTo || undefined,
      });
      return { content: r.content, contentType: r.contentType, filename: r.filename, rows: r.rows };
    },
    async createCustomer(req) {
      const r = await createCustomer(deps, {
        requestId: req.requestId, livemode: req.livemode, merchantId: req.merchantId, ownerId: req.ownerId, name: req.name, email: req.email, phone: req.phone,
      });
      return { customer: customer(r.customer), replayed: r.replayed };
    },
    async getCustomer(req) {
      const r = await getCustomer(deps, scopeFromWire(req.scope), req.customerId);
      return { customer: customer(r.customer), openBills: r.openBills.map(wire) };
    },
    async listCustomers(req) {
      const r = await listCustomers(deps, scopeFromWire(req.scope), { pageSize: req.pageSize, startingAfter: req.startingAfter || undefined });
      return { customers: r.customers.map(customer), hasMore: r.hasMore };
    },
    async getPayment(req) {
      return { payment: paymentToWire(await getPayment(deps, scopeFromWire(req.scope), req.paymentId)) };
    },
    async getHostedBill(req) {
      const { bill, payable } = await getHostedBill(deps, req.token);
      const w = wire(bill);
      return { bill: w, payable, barcodeSvg: payable && w.barcode ? slipBarcodeSvg(w.barcode) : '' };
    },
    async sendBillNotice(req) {
      return { bill: wire(await sendBillNotice(deps, scopeFromWire(req.scope), req.billId, req.requestId)) };
    },
    async getCustomerCard(req) {
      const r = await getCustomerCard(deps, scopeFromWire(req.scope), req.customerId, req.merchantName ?? '');
      return { customer: customer(r.customer), pdf: r.pdf };
    },
    async lookupNumber(req) {
      return { bills: (await lookupNumber(deps, req.livemode, req.chain, req.number)).map(wire) };
    },
  };
}

/** A CreateBill on the wire → the use case's input. */
function createBillInput(req: billingV1.CreateBillRequest): CreateBillInput {
  return {
    requestId: req.requestId,
    livemode: req.livemode,
    merchantId: req.merchantId,
    ownerId: req.ownerId,
    merchantName: req.merchantName,
    contractChains: req.contractChains,
    amount: assertYen(req.amount, 'amount'),
    taxAmount: req.taxAmount === undefined ? null : assertYen(req.taxAmount, 'tax_amount', { min: 0 }),
    dueDate: req.dueDate,
    stores: req.stores,
    message: req.message,
    orderReference: req.orderReference,
    customer: { name: req.customer?.name ?? '', email: req.customer?.email ?? '', phone: req.customer?.phone ?? '' },
    repeat: req.repeat,
    customerNumber: req.customerNumber,
    newCustomerNumber: req.newCustomerNumber,
    customerId: req.customerId,
    metadata: req.metadata?.values,
    reminderDaysBefore: req.reminderDaysBefore,
    receiptNotice: req.receiptNotice,
  };
}
