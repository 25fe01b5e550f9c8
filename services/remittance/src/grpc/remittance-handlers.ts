import { remittanceV1 } from '@kessai/contracts';
import type { UnaryHandlers } from '@kessai/platform';
import { addRecipients } from '../app/add-recipients';
import { approveOrder } from '../app/approve-order';
import { cancelOrder } from '../app/cancel-order';
import { createOrder } from '../app/create-order';
import type { RemittanceDeps } from '../app/deps';
import { exportResults } from '../app/export-results';
import { getOrder } from '../app/get-order';
import { getRecipient } from '../app/get-recipient';
import { getRegistration } from '../app/get-registration';
import { listDepositRefunds } from '../app/list-deposit-refunds';
import { listOrders } from '../app/list-orders';
import { listRecipients } from '../app/list-recipients';
import { openRegistration } from '../app/open-registration';
import { recontactRecipient } from '../app/recontact-recipient';
import { registerAccount } from '../app/register-account';
import { requestDepositRefund } from '../app/request-deposit-refund';
import { reverseTransfer } from '../app/reverse-transfer';
import { reviewRecipient } from '../app/review-recipient';
import { setGuide } from '../app/set-guide';
import { verifyCode } from '../app/verify-code';
import * as wire from './mapping';

/** RemittanceService: each handler maps wire <-> use case, nothing more. */
export function remittanceHandlers(deps: RemittanceDeps): UnaryHandlers<typeof remittanceV1.RemittanceServiceService> {
  return {
    async createOrder(req) {
      const r = await createOrder(deps, { scope: wire.scopeFromWire(req.scope), requestId: req.requestId, settings: wire.settingsFromWire(req.settings), merchantName: req.merchantName, guideText: req.guideText, reference: req.reference });
      return { order: wire.orderToWire(r), replayed: r.replayed };
    },
    async addRecipients(req) {
      const r = await addRecipients(deps, {
        scope: wire.scopeFromWire(req.scope), requestId: req.requestId, orderId: req.orderId, rows: req.rows.map(wire.recipientInputFromWire),
        csv: req.csv, csvEncoding: wire.csvEncodingFromWire(req.csvEncoding),
      });
      return { order: wire.orderToWire(r), added: r.added, replayed: r.replayed };
    },
    async setGuide(req) {
      return { order: wire.orderToWire(await setGuide(deps, { scope: wire.scopeFromWire(req.scope), requestId: req.requestId, orderId: req.orderId, guideText: req.guideText })) };
    },
    async approveOrder(req) {
      const r = await approveOrder(deps, { scope: wire.scopeFromWire(req.scope), requestId: req.requestId, orderId: req.orderId });
      return { order: wire.orderToWire(r), replayed: r.replayed };
    },
    async cancelOrder(req) {
      return { order: wire.orderToWire(await cancelOrder(deps, { scope: wire.scopeFromWire(req.scope), requestId: req.requestId, orderId: req.orderId })) };
    },
    async getOrder(req) {
      return { order: wire.orderToWire(await getOrder(deps, wire.scopeFromWire(req.scope), req.orderId)) };
    },
    async listOrders(req) {
      const r = await listOrders(deps, { scope: wire.scopeFromWire(req.scope), status: wire.orderStatusFromWire(req.status), pageSize: req.pageSize, startingAfter: req.startingAfter });
      return { orders: r.orders.map(wire.orderToWire), hasMore: r.hasMore };
    },
    async listRecipients(req) {
      const r = await listRecipients(deps, { scope: wire.scopeFromWire(req.scope), orderId: req.orderId, status: wire.recipientStatusFromWire(req.status), pageSize: req.pageSize, startingAfter: req.startingAfter });
      return { recipients: r.recipients.map(wire.recipientToWire), hasMore: r.hasMore };
    },
    async getRecipient(req) {
      return { recipient: wire.recipientToWire(await getRecipient(deps, wire.scopeFromWire(req.scope), req.recipientId)) };
    },
    async recontactRecipient(req) {
      return { recipient: wire.recipientToWire(await recontactRecipient(deps, { scope: wire.scopeFromWire(req.scope), requestId: req.requestId, recipientId: req.recipientId })) };
    },
    async reviewRecipient(req) {
      return { recipient: wire.recipientToWire(await reviewRecipient(deps, { scope: wire.scopeFromWire(req.scope), requestId: req.requestId, recipientId: req.recipientId, approve: req.approve })) };
    },
    async exportResults(req) {
      const format = req.format === remittanceV1.ExportFormat.EXPORT_FORMAT_CSV_SHIFT_JIS ? 'shift_jis' : 'utf-8';
      const r = await exportResults(deps, { scope: wire.scopeFromWire(req.scope), orderId: req.orderId, format });
      return { content: r.content, contentType: r.contentType, filename: r.filename, rows: r.rows };
    },
    async requestDepositRefund(req) {
      const r = await requestDepositRefund(deps, { scope: wire.scopeFromWire(req.scope), requestId: req.requestId, amount: req.amount, account: wire.accountInputFromWire(req.account) });
      return { refund: wire.refundToWire(r.refund, r.transfer), replayed: r.replayed };
    },
    async listDepositRefunds(req) {
      const r = await listDepositRefunds(deps, { scope: wire.scopeFromWire(req.scope), pageSize: req.pageSize, startingAfter: req.startingAfter });
      return { refunds: r.refunds.map((x) => wire.refundToWire(x.refund, x.transfer)), hasMore: r.hasMore };
    },
    async reverseTransfer(req) {
      const r = await reverseTransfer(deps, { scope: wire.scopeFromWire(req.scope), requestId: req.requestId, transferId: req.transferId });
      return { reversal: wire.reversalToWire(r.reversal), replayed: r.replayed };
    },
    async openRegistration(req) {
      return { state: wire.registrationStateToWire(await openRegistration(deps, req.token)) };
    },
    async verifyCode(req) {
      const r = await verifyCode(deps, { token: req.token, code: req.code, clientAddress: req.clientAddress });
      return { ok: r.ok, state: wire.registrationStateToWire(r.state), sessionId: r.sessionId ?? '', sessionExpiresAt: r.sessionExpiresAt, attemptsLeft: r.attemptsLeft };
    },
    async getRegistration(req) {
      const r = await getRegistration(deps, req.sessionId);
      return {
        merchantName: r.merchantName, amount: r.amount, message: r.message, guideText: r.guideText, purpose: r.purpose, registrationDeadline: r.registrationDeadline,
        account: wire.accountToWire(r.account), failureCode: r.failureCode, status: wire.recipientStatusToWire(r.status),
      };
    },
    async registerAccount(req) {
      const r = await registerAccount(deps, { sessionId: req.sessionId, account: wire.accountInputFromWire(req.account) ?? {}, validateOnly: req.validateOnly });
      // validate_only echoes the recipient's own input: the confirmation screen shows the whole number
      return { account: wire.accountToWire(r.account, !req.validateOnly), status: wire.recipientStatusToWire(r.status), transferDate: r.transferDate };
    },
  };
}
