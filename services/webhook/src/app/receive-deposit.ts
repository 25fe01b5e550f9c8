import { webhookEventsV1 } from '@kessai/contracts';
import { ConflictError, DataSource, newId, Outbox, requestHash, type Clock, type Logger } from '@kessai/platform';
import type { MerchantClient } from '../clients/gateway';
import type { BankDepositPayload } from '../domain/partner-payloads';

export interface ReceiveDeps {
  dataSource: DataSource;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  merchants: MerchantClient;
  eventsCommitted: () => void;
}

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
export async function receiveDeposit(
  deps: ReceiveDeps,
  partner: { id: string; livemode: boolean },
  payload: BankDepositPayload,
  signedAt: Date,
): Promise<ReceiveOutcome> {
  const bodyHash = requestHash(payload);
  const seen = await findSeen(deps.dataSource, partner.id, payload.id);
  if (seen) return checkRepeat(seen, bodyHash);

  const { merchant } = await deps.merchants.findMerchantByVirtualAccount({ virtualAccountNumber: payload.account_number, livemode: partner.livemode });
  const now = deps.clock.now();
  const depositId = newId('dep', now.getTime());
  const outcome = await deps.dataSource.transaction(async (tx) => {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO inbound_requests (partner, event_id, kind, body_hash, body, signed_at, received_at)
       VALUES ($1, $2, 'bank.deposit.received', $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
      [partner.id, payload.id, bodyHash, JSON.stringify(payload), signedAt, now],
    );
    if (inserted.length === 0) return null; // a concurrent repeat won the race
    await tx.query(
      `INSERT INTO deposits (id, partner, partner_event_id, livemode, virtual_account_number, merchant_id, amount, bank_reference, payer_name_kana, received_at, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [depositId, partner.id, payload.id, partner.livemode, payload.account_number, merchant?.id ?? null, payload.amount, payload.bank_reference, payload.payer_name_kana, new Date(payload.received_at), now],
    );
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
    return { depositId, duplicate: false, attributed: merchant !== undefined };
  });
  if (!outcome) return checkRepeat((await findSeen(deps.dataSource, partner.id, payload.id))!, bodyHash);
  deps.eventsCommitted();
  if (!outcome.attributed) {
    // Reported: the log line (alerting), and InboundService.ListUnattributedDeposits for operators.
    deps.logger.warn({ deposit_id: depositId, partner: partner.id, livemode: partner.livemode, amount: payload.amount }, 'deposit to an unknown virtual account number: recorded, not credited');
  }
  return outcome;
}

interface Seen {
  body_hash: string;
  deposit_id: string | null;
  merchant_id: string | null;
}

async function findSeen(db: DataSource, partner: string, eventId: string): Promise<Seen | null> {
  const rows: Seen[] = await db.query(
    `SELECT r.body_hash, d.id AS deposit_id, d.merchant_id FROM inbound_requests r
       LEFT JOIN deposits d ON d.partner = r.partner AND d.partner_event_id = r.event_id
      WHERE r.partner = $1 AND r.event_id = $2`,
    [partner, eventId],
  );
  return rows[0] ?? null;
}

function checkRepeat(seen: Seen, bodyHash: string): ReceiveOutcome {
  if (seen.body_hash !== bodyHash) {
    throw new ConflictError('event_id_reused', 'this event id was already received with a different body');
  }
  return { depositId: seen.deposit_id ?? '', duplicate: true, attributed: seen.merchant_id !== null };
}
