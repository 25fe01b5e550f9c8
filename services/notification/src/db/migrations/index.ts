import { Notification1764000000400 } from './1764000000400-notification';
import { InboundCalls1764000000410 } from './1764000000410-inbound-calls';

/** The notification service's migrations, oldest first (the platform's tables come before them). */
export const NOTIFICATION_MIGRATIONS = [Notification1764000000400, InboundCalls1764000000410];
