/**
 * The webhook service's records as the stores return them (fields named as
 * the columns). Types only: the db/ stores produce them, app/ use cases pass
 * them on, and the gRPC handlers map them to the wire.
 */
export type EndpointStatus = 'enabled' | 'disabled' | 'deleted';

export interface EndpointRecord {
  id: string;
  merchant_id: string;
  livemode: boolean;
  url: string;
  enabled_events: string[];
  description: string;
  secret: string;
  status: EndpointStatus;
  disabled_reason: string | null;
  created_at: Date;
}

export interface EventRecord {
  id: string;
  type: string;
  merchant_id: string;
  livemode: boolean;
  data: Record<string, unknown>;
  created_at: Date;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface DeliveryRecord {
  id: string;
  event_id: string;
  endpoint_id: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  first_due_at: Date;
}

export interface DeliveryAttemptRecord {
  delivery_id: string;
  attempt: number;
  attempted_at: Date;
  response_status: number;
  latency_ms: number;
  error: string | null;
}

/** A delivery with its attempt log, oldest attempt first. */
export interface DeliveryWithAttempts extends DeliveryRecord {
  attempt_log: DeliveryAttemptRecord[];
}

export interface UnattributedDepositRecord {
  id: string;
  partner: string;
  virtual_account_number: string;
  amount: string;
  livemode: boolean;
  bank_reference: string;
  received_at: Date;
}
