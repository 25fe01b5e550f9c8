import { DomainError } from '@kessai/platform';
import { PartnerBankClient } from '@kessai/partner-bank';
import type { PartnerBankPort, ReversalRequest, TransferFileUpload } from '../app/deps';

/**
 * The partner bank through the one client package `@kessai/partner-bank`
 * (signed requests; an upload is idempotent by file id at the bank).
 */
export class PartnerBankAdapter implements PartnerBankPort {
  constructor(private readonly client: PartnerBankClient) {}

  async uploadTransferFile(file: TransferFileUpload): Promise<void> {
    await this.client.uploadTransferFile(file.fileId, file.content);
  }

  async requestReversal(r: ReversalRequest): Promise<void> {
    // the bank's decision also arrives as webhook.bank_reversal.reported, applied by its consumer
    await this.client.requestReversal(r.reversalId, { file_id: r.fileId, record_number: r.recordNumber });
  }
}

/**
 * When no bank is configured every upload fails clearly, so built files stay
 * `uploading` and are sent — with the same file id — once one is.
 */
export class UnconfiguredPartnerBank implements PartnerBankPort {
  async uploadTransferFile(): Promise<void> {
    throw new DomainError('unavailable', 'partner_bank_not_configured', 'no partner bank is configured (PARTNER_BANK_URL)');
  }

  async requestReversal(): Promise<void> {
    throw new DomainError('unavailable', 'partner_bank_not_configured', 'no partner bank is configured (PARTNER_BANK_URL)');
  }
}

export function partnerBank(config: { PARTNER_BANK_URL: string; PARTNER_BANK_SECRET: string; PARTNER_BANK_NAME: string }): PartnerBankPort {
  if (!config.PARTNER_BANK_URL) return new UnconfiguredPartnerBank();
  return new PartnerBankAdapter(new PartnerBankClient({ partner: config.PARTNER_BANK_NAME, baseUrl: config.PARTNER_BANK_URL, secret: config.PARTNER_BANK_SECRET }));
}
