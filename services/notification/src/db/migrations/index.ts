import { Notification1764000000400 } from './1764000000400-notification';
import { InboundCalls1764000000410 } from './1764000000410-inbound-calls';
import { RequestIdsToPlatform1764900000300 } from './1764900000300-request-ids-to-platform';

/** The notification service's migrations, oldest first (the platform's tables come before them, ordered by timestamp). */
export const NOTIFICATION_MIGRATIONS = [Notification1764000000400, InboundCalls1764000000410, RequestIdsToPlatform1764900000300];
