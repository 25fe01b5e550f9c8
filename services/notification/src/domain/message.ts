import type { Channel, MessageKind, PostalAddress } from './channels';
import type { MessageStatus } from './delivery';

/** What a message keeps to be sent later (personal data: never logged). */
export interface MessagePayload {
  recipient: { name: string; email: string; phone: string; postalAddress?: PostalAddress };
  variables: Record<string, string>;
}

/** One message: one channel of one send request, with its delivery status. */
export interface MessageView {
  id: string;
  requestId: string;
  livemode: boolean;
  merchantId: string;
  kind: MessageKind;
  channel: Channel;
  status: MessageStatus;
  attempts: number;
  lastError: string;
  nextAttemptAt: Date;
  createdAt: Date;
  updatedAt: Date;
  reference: string;
  amount: number;
  postcardBatchId: string;
  phoneTaskId: string;
  payload: MessagePayload;
}
