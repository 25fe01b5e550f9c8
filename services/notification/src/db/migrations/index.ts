import { Notification1764000000400 } from './1764000000400-notification';

/** The notification service's migrations, oldest first (the platform's tables come before them). */
export const NOTIFICATION_MIGRATIONS = [Notification1764000000400];
