import { webhookEventsV1 } from '@kessai/contracts';
import { chainOfSettlementAccount, parseSettlementEdi } from '@kessai/konbini';
import { newId, requestHash, useCase } from '@kessai/platform';
import { insertDeposit, recordInboundRequest } from '../db/inbound-store';
import type { BankDepositPayload } from '../domain/partner-payloads';
import type { WebhookDeps } from './deps';
import { Partner, partnerEventCommand } from './partner-event';

const DEPOSIT_KIND = 'bank.deposit.received';

export interface ReceiveOutcome {
  depositId: string;
  duplicate: boolean;
  attributed: boolean;
  /** set when the account is a store chain's settlement account */
  storeChain?: string;
}

/**
 * A verified deposit callback: look up whose virtual account it is (outside
 * the transaction), then record the request, the deposit and the
 * `webhook.bank_deposit.received` event in one transaction. A repeat of the
 * same partner event id changes nothing. A deposit into a merchant's invoice
 * account (the gateway says which account matched) is published as
 * `webhook.invoice_payment.received` instead, for the fees service: it pays
 * a fee invoice and never reaches the deposit. An unknown account number is
 * recorded with no merchant and reported, never dropped. A deposit into a
 * store chain's settlement account is the chain handing money over: recorded
 * with the chain, published as `webhook.store_settlement.received` for the
 * ledger (docs/reference/konbini.md#store-chain-settlements).
 */
export function receiveDeposit(
  deps: Pick<WebhookDeps, 'dataSource' | 'outbox' | 'clock' | 'logger' | 'idempotency' | 'merchants' | 'eventsCommitted' | 'settlementAccounts'>,
  partner: Partner,
  payload: BankDepositPayload,
  signedAt: Date,
): Promise<ReceiveOutcome> {
  return useCase(
    'webhook.receive_deposit',
    async () => {
      const command = partnerEventCommand(partner.id, DEPOSIT_KIND, payload);
      const chain = chainOfSettlementAccount(deps.settlementAccounts, payload.account_number);
      if (chain) return receiveStoreSettlement(deps, partner, payload, signedAt, chain, command);
      const lookup = () => deps.merchants.findMerchantByVirtualAccount({ virtualAccountNumber: payload.account_number, livemode: partner.livemode });
      // A repeat answers from its record without asking the gateway (and while the gateway is away).
      const seen = await deps.idempotency.find(deps.dataSource, command.scope, command.key);
      const looked = seen ? undefined : await lookup();
      const now = deps.clock.now();
      const depositId = newId('dep', now.getTime());
      const { value, replayed } = await deps.dataSource.transaction((tx) =>
        deps.idempotency.run(tx, command, async () => {
          const { merchant, accountKind } = looked ?? (await lookup());
          await recordInboundRequest(tx, {
            partner: partner.id, eventId: payload.id, kind: DEPOSIT_KIND, bodyHash: requestHash(payload), body: payload, signedAt, receivedAt: now,
          });
          await insertDeposit(tx, {
            id: depositId, partner: partner.id, partnerEventId: payload.id, livemode: partner.livemode, virtualAccountNumber: payload.account_number,
            merchantId: merchant?.id ?? null, amount: payload.amount, bankReference: payload.bank_reference, payerNameKana: payload.payer_name_kana,
            receivedAt: new Date(payload.received_at), recordedAt: now, businessDate: payload.business_date ?? null, ediInfo: payload.edi_info ?? '',
          });
          const fields = {
            depositId,
            virtualAccountNumber: payload.account_number,
            merchantId: merchant?.id ?? '',
            amount: payload.amount,
            receivedAt: new Date(payload.received_at),
            bankReference: payload.bank_reference,
            payerNameKana: payload.payer_name_kana,
            partner: partner.id,
            partnerEventId: payload.id,
            businessDate: payload.business_date ?? '',
            ediInfo: payload.edi_info ?? '',
          };
          // into the merchant's invoice account: pays a fee invoice (the fees service), never credits the deposit
          const invoicePayment = merchant !== undefined && accountKind === 'invoice';
          await deps.outbox.add(tx, [
            {
              type: invoicePayment ? 'webhook.invoice_payment.received' : 'webhook.bank_deposit.received',
              aggregateId: depositId,
              merchantId: merchant?.id ?? '',
              livemode: partner.livemode,
              occurredAt: now,
              payloadType: invoicePayment ? 'kessai.webhook.events.v1.InvoicePaymentReceived' : 'kessai.webhook.events.v1.BankDepositReceived',
              payload: invoicePayment ? webhookEventsV1.InvoicePaymentReceived.encode(fields).finish() : webhookEventsV1.BankDepositReceived.encode(fields).finish(),
            },
          ]);
          return { depositId, attributed: merchant !== undefined };
        }),
      );
      if (replayed) return { ...value, duplicate: true };
      deps.eventsCommitted();
      if (!value.attributed) {
        // Reported: the log line (alerting), and InboundService.ListUnattributedDeposits for operators.
        deps.logger.warn({ deposit_id: depositId, partner: partner.id, livemode: partner.livemode, amount: payload.amount }, 'deposit to an unknown virtual account number: recorded, not credited');
      }
      return { ...value, duplicate: false };
    },
    { partner: partner.id, livemode: partner.livemode },
  );
}

/** The chain's transfer: recorded once (same partner event id, same record), its event for the ledger in the same transaction. */
async function receiveStoreSettlement(
  deps: Pick<WebhookDeps, 'dataSource' | 'outbox' | 'clock' | 'logger' | 'idempotency' | 'eventsCommitted'>,
  partner: Partner,
  payload: BankDepositPayload,
  signedAt: Date,
  chain: string,
  command: ReturnType<typeof partnerEventCommand>,
): Promise<ReceiveOutcome> {
  const now = deps.clock.now();
  const depositId = newId('dep', now.getTime());
  const edi = payload.edi_info ?? '';
  const period = parseSettlementEdi(edi);
  const { value, replayed } = await deps.dataSource.transaction((tx) =>
    deps.idempotency.run(tx, command, async () => {
      await recordInboundRequest(tx, {
        partner: partner.id, eventId: payload.id, kind: DEPOSIT_KIND, bodyHash: requestHash(payload), body: payload, signedAt, receivedAt: now,
        flags: period ? [] : [SETTLEMENT_WITHOUT_PERIOD],
      });
      await insertDeposit(tx, {
        id: depositId, partner: partner.id, partnerEventId: payload.id, livemode: partner.livemode, virtualAccountNumber: payload.account_number,
        merchantId: null, amount: payload.amount, bankReference: payload.bank_reference, payerNameKana: payload.payer_name_kana,
        receivedAt: new Date(payload.received_at), recordedAt: now, storeChain: chain, businessDate: payload.business_date ?? null, ediInfo: edi,
      });
      await deps.outbox.add(tx, [
        {
          type: 'webhook.store_settlement.received',
          aggregateId: depositId,
          livemode: partner.livemode,
          occurredAt: now,
          payloadType: 'kessai.webhook.events.v1.StoreSettlementReceived',
          payload: webhookEventsV1.StoreSettlementReceived.encode({
            depositId, chain, virtualAccountNumber: payload.account_number, amount: payload.amount, receivedAt: new Date(payload.received_at),
            businessDate: payload.business_date ?? '', bankReference: payload.bank_reference, payerNameKana: payload.payer_name_kana, ediInfo: edi,
            periodFrom: period?.from ?? '', periodTo: period?.to ?? '', partner: partner.id, partnerEventId: payload.id,
          }).finish(),
        },
      ]);
      return { depositId, attributed: true, storeChain: chain };
    }),
  );
  if (replayed) return { ...value, duplicate: true };
  deps.eventsCommitted();
  if (!period) deps.logger.warn({ deposit_id: depositId, chain, edi_info: edi }, 'store settlement without a week in its EDI information: booked, flagged for reconciliation');
  return { ...value, duplicate: false };
}

/** flag on the inbound request: a chain's transfer whose EDI information names no settlement week */
export const SETTLEMENT_WITHOUT_PERIOD = 'settlement_without_period';
