import { Webhook1764000000300 } from './1764000000300-webhook';

/** In order; the platform's own tables come first automatically. */
export const WEBHOOK_MIGRATIONS = [Webhook1764000000300];
