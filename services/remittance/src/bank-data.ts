import { applyBankOverride, bankDataVersion, type BankDataVersion } from '@kessai/zengin';

/**
 * The bank and branch data this process validates accounts against
 * (docs/zengin.md#override-file-bank-mergers-new-branches): the package's,
 * corrected by the operator's override file when BANK_DATA_OVERRIDE_FILE
 * names one. A bad file throws, so the service does not start on it. The
 * version's label is logged at start.
 */
export function installBankData(overrideFile: string, logger: { info(obj: object, msg: string): void }): BankDataVersion {
  if (overrideFile) applyBankOverride(overrideFile);
  const version = bankDataVersion();
  logger.info({ bank_data_version: version.label, override_file: overrideFile || undefined }, 'bank data loaded');
  return version;
}
