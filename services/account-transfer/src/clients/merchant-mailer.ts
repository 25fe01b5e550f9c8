import { notificationV1 } from '@kessai/contracts';
import type { ConnectedClient } from '@kessai/platform';

/**
 * The mismatch-list email to the merchant, through the notification service
 * (kind `mandate_mismatches`, email only; docs/reference/account-transfer.md#mismatch-list).
 * The request id is per merchant, morning and address: a rerun sends nothing new.
 */
export class NotificationMerchantMailer {
  constructor(
    private readonly notification: Pick<ConnectedClient<notificationV1.NotificationServiceClient>, 'send'>,
    private readonly apiUrl: string,
  ) {}

  async mismatchList(m: { requestId: string; livemode: boolean; merchantId: string; email: string; runOn: string; count: number; byKind: Record<string, number> }): Promise<void> {
    await this.notification.send({
      requestId: m.requestId,
      livemode: m.livemode,
      merchantId: m.merchantId,
      kind: notificationV1.MessageKind.MESSAGE_KIND_MANDATE_MISMATCHES,
      recipient: { name: m.merchantId, email: m.email, phone: '', optedOut: [] },
      channels: [notificationV1.Channel.CHANNEL_EMAIL],
      fallbackChannels: [],
      amount: 0,
      reference: `mismatches:${m.runOn}`,
      variables: {
        run_on: m.runOn,
        count: String(m.count),
        summary: Object.entries(m.byKind).map(([k, n]) => `${k} ${n}`).join(', '),
        link: `${this.apiUrl.replace(/\/$/, '')}/v1/mandate_mismatches?run_on=${m.runOn}`,
      },
    });
  }
}
