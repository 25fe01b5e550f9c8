import type { Metrics } from '@kessai/platform';

/** The remittance service's business counters (served on /metrics). */
export interface RemittanceMetrics {
  ordersCreated(livemode: boolean): void;
  recipientsAdded(livemode: boolean, n: number): void;
  ordersApproved(outcome: 'funded' | 'waiting_for_funds'): void;
  contacts(channel: string): void;
  registrations(outcome: 'registered' | 'held_for_review'): void;
  codeAttempts(outcome: 'ok' | 'wrong' | 'locked' | 'limited'): void;
  transfers(outcome: 'scheduled' | 'sent' | 'succeeded' | 'failed' | 'reversed'): void;
  files(outcome: 'built' | 'uploaded' | 'upload_failed'): void;
}

export function remittanceMetrics(metrics: Metrics): RemittanceMetrics {
  const orders = metrics.counter('kessai_remittance_orders_created_total', 'remittance orders created', ['livemode']);
  const recipients = metrics.counter('kessai_remittance_recipients_added_total', 'recipients added to orders', ['livemode']);
  const approvals = metrics.counter('kessai_remittance_orders_approved_total', 'orders approved, by outcome', ['outcome']);
  const contacts = metrics.counter('kessai_remittance_contacts_total', 'recipient contacts sent, by channel', ['channel']);
  const registrations = metrics.counter('kessai_remittance_registrations_total', 'accounts registered, by outcome', ['outcome']);
  const codes = metrics.counter('kessai_remittance_code_attempts_total', 'registration code attempts, by outcome', ['outcome']);
  const transfers = metrics.counter('kessai_remittance_transfers_total', 'transfer steps, by outcome', ['outcome']);
  const files = metrics.counter('kessai_remittance_files_total', 'transfer files, by outcome', ['outcome']);
  return {
    ordersCreated: (livemode) => orders.inc({ livemode: String(livemode) }),
    recipientsAdded: (livemode, n) => recipients.inc({ livemode: String(livemode) }, n),
    ordersApproved: (outcome) => approvals.inc({ outcome }),
    contacts: (channel) => contacts.inc({ channel }),
    registrations: (outcome) => registrations.inc({ outcome }),
    codeAttempts: (outcome) => codes.inc({ outcome }),
    transfers: (outcome) => transfers.inc({ outcome }),
    files: (outcome) => files.inc({ outcome }),
  };
}
