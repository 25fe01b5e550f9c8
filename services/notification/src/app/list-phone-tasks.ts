import { page, pageSize, useCase } from '@kessai/platform';
import type { PhoneTaskStatus, PhoneTaskView } from '../domain/phone';
import { phoneTasksStore } from '../db/phone-tasks-store';
import type { NotificationDeps } from './deps';

/** Tasks in id order, one page at a time (the platform's page sizes); the page token is the last id. */
export function listPhoneTasks(
  deps: NotificationDeps,
  input: { livemode: boolean; merchantId: string; status?: PhoneTaskStatus; pageSize: number; pageToken: string },
): Promise<{ tasks: PhoneTaskView[]; nextPageToken: string }> {
  return useCase('notification.list_phone_tasks', async () => {
    const size = pageSize(input.pageSize);
    const rows = await phoneTasksStore.list(deps.dataSource, { livemode: input.livemode, merchantId: input.merchantId, status: input.status, afterId: input.pageToken, limit: size + 1 });
    const { items, hasMore } = page(rows, size);
    return { tasks: items, nextPageToken: hasMore ? items[items.length - 1].id : '' };
  }, { livemode: input.livemode });
}
