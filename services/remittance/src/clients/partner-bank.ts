import { DomainError } from '@kessai/platform';
import type { PartnerBankPort } from '../app/deps';

/**
 * Stand-in until the one partner-bank client package (`@kessai/partner-bank`)
 * is wired in: every upload fails clearly, so built files stay `uploading`
 * and are sent — with the same file id — once a bank is configured.
 */
export class UnconfiguredPartnerBank implements PartnerBankPort {
  async uploadTransferFile(): Promise<void> {
    throw new DomainError('unavailable', 'partner_bank_not_configured', 'no partner bank is configured (PARTNER_BANK_URL)');
  }

  async requestReversal(): Promise<void> {
    throw new DomainError('unavailable', 'partner_bank_not_configured', 'no partner bank is configured (PARTNER_BANK_URL)');
  }
}
