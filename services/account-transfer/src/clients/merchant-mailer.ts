import type { Logger } from '@kessai/platform';

/**
 * The mismatch-list email to the merchant. The notification service has no
 * message kind for it yet, so for now the list is announced in the log and by
 * the `account_transfer.mandate_mismatches.found` event (public webhook
 * `mandate_mismatches.found`); see docs/reference/account-transfer.md#mismatch-list.
 */
export class LoggingMerchantMailer {
  constructor(private readonly logger: Logger) {}

  async mismatchList(m: { requestId: string; livemode: boolean; merchantId: string; email: string; runOn: string; count: number; byKind: Record<string, number> }): Promise<void> {
    this.logger.info({ request_id: m.requestId, merchant_id: m.merchantId, run_on: m.runOn, count: m.count, by_kind: m.byKind }, 'mismatch list ready for the merchant');
  }
}
