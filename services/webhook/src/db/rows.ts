export interface EndpointRow {
  id: string;
  merchant_id: string;
  livemode: boolean;
  url: string;
  enabled_events: string[];
  description: string;
  secret: string;
  status: 'enabled' | 'disabled' | 'deleted';
  disabled_reason: string | null;
  created_at: Date;
}

export interface EventRow {
  id: string;
  type: string;
  merchant_id: string;
  livemode: boolean;
  data: Record<string, unknown>;
  created_at: Date;
}

export interface DeliveryRow {
  id: string;
  event_id: string;
  endpoint_id: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  next_attempt_at: Date | null;
  first_due_at: Date;
}

export const ENDPOINT_COLS = 'id, merchant_id, livemode, url, enabled_events, description, secret, status, disabled_reason, created_at';
export const EVENT_COLS = 'id, type, merchant_id, livemode, data, created_at';
export const DELIVERY_COLS = 'id, event_id, endpoint_id, status, attempts, next_attempt_at, first_due_at';
