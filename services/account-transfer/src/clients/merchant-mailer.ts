import { notificationV1 } from '@kessai/contracts';
import type { MerchantMailer as PlatformMerchantMailer } from '@kessai/platform';
import type { MerchantMailer } from '../app/deps';

/**
 * The mismatch-list email to the merchant, through the platform's merchant
 * mailer (kind `mandate_mismatches`, email only; docs/reference/account-transfer.md#mismatch-list).
 * The request id is per merchant, morning and address: a rerun sends nothing new.
 */
export class NotificationMerchantMailer implements MerchantMailer {
  constructor(
    private readonly mailer: Pick<PlatformMerchantMailer, 'toAddress'>,
    private readonly apiUrl: string,
  ) {}

  async mismatchList(m: { requestId: string; livemode: boolean; merchantId: string; email: string; runOn: string; count: number; byKind: Record<string, number> }): Promise<void> {
    await this.mailer.toAddress(m.email, {
      requestId: m.requestId,
      livemode: m.livemode,
      merchantId: m.merchantId,
      kind: notificationV1.MessageKind.MESSAGE_KIND_MANDATE_MISMATCHES,
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
