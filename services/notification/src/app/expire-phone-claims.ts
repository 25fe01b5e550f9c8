import { useCase } from '@kessai/platform';
import { phoneTasksStore } from '../db/phone-tasks-store';
import type { NotificationDeps } from './deps';

/** Returns lapsed claims to the queue (they are claimable anyway; this keeps listings truthful). */
export function expirePhoneClaims(deps: NotificationDeps): Promise<number> {
  return useCase('notification.expire_phone_claims', () => phoneTasksStore.expireClaims(deps.dataSource, deps.clock.now()));
}
