import type { notificationV1 } from '@kessai/contracts';
import type { ConnectedClient } from '@kessai/platform';
import type { ConsoleStore } from '../../db/console-store';
import type { AccountTransferClient, BillingClient, FeesClients, GatewayDeps, LedgerClient, RemittanceClient, WebhookClients } from '../deps';

/** What the console's use cases work with (built once in main.ts). */
export interface ConsoleDeps {
  gateway: GatewayDeps;
  store: ConsoleStore;
  billing: BillingClient;
  ledger: Pick<LedgerClient, 'getBalance' | 'getHold'>;
  webhook: WebhookClients;
  remittance: RemittanceClient;
  accountTransfer: AccountTransferClient;
  /** statements, payouts, invoices (docs/console.md, "Settlement") */
  settlement: FeesClients;
  notification: Pick<ConnectedClient<notificationV1.NotificationServiceClient>, 'send'>;
  /** where the console is reached from outside, for links in emails (e.g. https://gateway.example.jp) */
  publicUrl: string;
}
