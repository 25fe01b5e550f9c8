import { webhookEventsV1 } from '@kessai/contracts';
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
}

/**
 * A verified deposit callback: look up whose virtual account it is (outside
 * the transaction), then record the request, the deposit and the
 * `webhook.bank_deposit.received` event in one transaction. A repeat of the
 * same partner event id changes nothing; an unknown account number is
 * recorded with no merchant and reported, never dropped.
 */
export function receiveDeposit(
  deps: Pick<WebhookDeps, 'dataSource' | 'outbox' | 'clock' | 'logger' | 'idempotency' | 'merchants' | 'eventsCommitted'>,
  partner: Partner,
  payload: BankDepositPayload,
  signedAt: Date,
): Promise<ReceiveOutcome> {
  return useCase(
    'webhook.receive_deposit',
    async () => {
      const command = partnerEventCommand(partner.id, DEPOSIT_KIND, payload);
      const lookup = () => deps.merchants.findMerchantByVirtualAccount({ virtualAccountNumber: payload.account_number, livemode: partner.livemode });
      // A repeat answers from its record without asking the gateway (and while the gateway is away).
      const seen = await deps.idempotency.find(deps.dataSource, command.scope, command.key);
      const looked = seen ? undefined : await lookup();
      const now = deps.clock.now();
      const depositId = newId('dep', now.getTime());
      const { value, replayed } = await deps.dataSource.transaction((tx) =>
        deps.idempotency.run(tx, command, async () => {
          const { merchant } = looked ?? (await lookup());
          await recordInboundRequest(tx, {
            partner: partner.id, eventId: payload.id, kind: DEPOSIT_KIND, bodyHash: requestHash(payload), body: payload, signedAt, receivedAt: now,
          });
          await insertDeposit(tx, {
            id: depositId, partner: partner.id, partnerEventId: payload.id, livemode: partner.livemode, virtualAccountNumber: payload.account_number,
            merchantId: merchant?.id ?? null, amount: payload.amount, bankReference: payload.bank_reference, payerNameKana: payload.payer_name_kana,
            receivedAt: new Date(payload.received_at), recordedAt: now,
          });
          await deps.outbox.add(tx, [
            {
              type: 'webhook.bank_deposit.received',
              aggregateId: depositId,
              merchantId: merchant?.id ?? '',
              livemode: partner.livemode,
              occurredAt: now,
              payloadType: 'kessai.webhook.events.v1.BankDepositReceived',
              payload: webhookEventsV1.BankDepositReceived.encode({
                depositId,
                virtualAccountNumber: payload.account_number,
                merchantId: merchant?.id ?? '',
                amount: payload.amount,
                receivedAt: new Date(payload.received_at),
                bankReference: payload.bank_reference,
                payerNameKana: payload.payer_name_kana,
                partner: partner.id,
                partnerEventId: payload.id,
              }).finish(),
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
