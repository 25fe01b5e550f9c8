import { useCase } from '@kessai/platform';
import type { BankAccount, RecipientStatus } from '../domain/types';
import type { RemittanceDeps } from './deps';
import { sessionRecipient } from './registration-session';

export interface RegistrationView {
  merchantName: string;
  amount: number;
  message: string;
  guideText: string;
  purpose: string;
  registrationDeadline: string;
  account: BankAccount | null;
  failureCode: string;
  status: RecipientStatus;
}

/** What the recipient sees once the code was right: the merchant, the amount, the message. */
export function getRegistration(deps: RemittanceDeps, sessionId: string): Promise<RegistrationView> {
  return useCase('remittance.get_registration', async () => {
    const { r, order } = await sessionRecipient(deps.dataSource, sessionId, deps.clock.now());
    return {
      merchantName: order.merchantName,
      amount: r.amount,
      message: order.settings.defaultMessage,
      guideText: order.guideText,
      purpose: order.settings.purpose,
      registrationDeadline: order.registrationDeadline ?? '',
      account: r.account,
      failureCode: r.failureCode,
      status: r.status,
    };
  });
}
