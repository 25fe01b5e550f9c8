import { DomainError } from '@kessai/platform';
import { PartnerBankClient } from '@kessai/partner-bank';
import type { BankStatementPort } from '../app/deps';

/** The partner bank's statement through the one client package `@kessai/partner-bank` (signed). */
export function partnerBankStatements(config: { PARTNER_BANK_URL: string; PARTNER_BANK_SECRET: string; PARTNER_BANK_NAME: string }): BankStatementPort {
  if (!config.PARTNER_BANK_URL) {
    return {
      statement: () => Promise.reject(new DomainError('unavailable', 'partner_bank_not_configured', 'no partner bank is configured (PARTNER_BANK_URL)')),
    };
  }
  const client = new PartnerBankClient({ partner: config.PARTNER_BANK_NAME, baseUrl: config.PARTNER_BANK_URL, secret: config.PARTNER_BANK_SECRET });
  return { statement: (date) => client.statement(date) };
}
