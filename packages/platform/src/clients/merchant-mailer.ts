import { gatewayV1, notificationV1 } from '@kessai/contracts';
import { DomainError } from '../errors';
import type { ConnectedClient } from '../grpc/client';

/** One notice to a merchant: an email-only message of a merchant kind (docs/adding-a-service.md, "Merchant notices"). */
export interface MerchantNotice {
  /**
   * What makes the notice once (e.g. `mismatch:test:mer_1:2026-12-01`,
   * `remittance:evt_…`); the notification request id is this plus the address,
   * so a rerun or a redelivered event sends nothing new.
   */
  requestId: string;
  livemode: boolean;
  merchantId: string;
  kind: notificationV1.MessageKind;
  /** how the greeting names the merchant (default: the merchant id) */
  name?: string;
  /** the amount the notice is about (yen), 0 when none */
  amount?: number;
  /** the caller's reference, shown to operators */
  reference: string;
  variables: Record<string, string>;
}

export type NotificationSender = Pick<ConnectedClient<notificationV1.NotificationServiceClient>, 'send'>;
export type MerchantReader = Pick<ConnectedClient<gatewayV1.MerchantServiceClient>, 'getMerchant'>;

/**
 * Emails to merchants through the notification service: to one address the
 * caller knows (`toAddress`), or to the merchant's contact addresses
 * (`Merchant.contact_emails`, read from the gateway's `GetMerchant`:
 * `toContacts`). Send is idempotent by request id, so every call can be
 * repeated after a crash or a redelivery.
 */
export class MerchantMailer {
  constructor(
    private readonly notification: NotificationSender,
    private readonly merchants?: MerchantReader,
  ) {}

  async toAddress(email: string, notice: MerchantNotice): Promise<void> {
    await this.notification.send({
      requestId: `${notice.requestId}:${email}`,
      livemode: notice.livemode,
      merchantId: notice.merchantId,
      kind: notice.kind,
      recipient: { name: notice.name || notice.merchantId, email, phone: '', optedOut: [] },
      channels: [notificationV1.Channel.CHANNEL_EMAIL],
      fallbackChannels: [],
      amount: notice.amount ?? 0,
      reference: notice.reference,
      variables: notice.variables,
    });
  }

  /**
   * To every contact address of the merchant; resolves with the addresses
   * written to (none when the merchant has none, or is unknown to the gateway).
   */
  async toContacts(notice: Omit<MerchantNotice, 'name'>): Promise<string[]> {
    if (!this.merchants) throw new Error('MerchantMailer.toContacts needs the gateway’s MerchantService client');
    const merchant = await this.merchants.getMerchant({ merchantId: notice.merchantId }).then(
      (r) => r.merchant,
      (err: unknown) => {
        if (err instanceof DomainError && err.kind === 'not_found') return undefined;
        throw err;
      },
    );
    const emails = merchant?.contactEmails ?? [];
    for (const email of emails) await this.toAddress(email, { ...notice, name: `${merchant!.name} ご担当者` });
    return emails;
  }
}
