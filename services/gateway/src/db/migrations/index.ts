import { edgeMigration, MESH } from '@kessai/platform';
import { Gateway1764000000200 } from './1764000000200-gateway';
import { GatewayCreateKeys1764900000100 } from './1764900000100-create-keys';
import { GatewayConsole1764900001000 } from './1764900001000-console';
import { GatewayContactEmails1765000000200 } from './1765000000200-contact-emails';
import { GatewayPaymentRefunds1765000000300 } from './1765000000300-payment-refunds';
import { GatewayContractTerms1765300000100 } from './1765300000100-contract-terms';
import { GatewayContractNames1765300000200 } from './1765300000200-contract-names';
import { GatewayInvoiceAccounts1765400000200 } from './1765400000200-invoice-accounts';

/** In order; the platform's own tables come first automatically. */
export const GATEWAY_MIGRATIONS = [edgeMigration(MESH.gateway.schema), Gateway1764000000200, GatewayCreateKeys1764900000100, GatewayConsole1764900001000, GatewayContactEmails1765000000200, GatewayPaymentRefunds1765000000300,
  GatewayContractTerms1765300000100, GatewayContractNames1765300000200, GatewayInvoiceAccounts1765400000200];
