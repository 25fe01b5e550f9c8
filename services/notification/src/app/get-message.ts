import { NotFoundError, useCase } from '@kessai/platform';
import type { MessageView } from '../domain/message';
import { messagesStore } from '../db/messages-store';
import type { NotificationDeps } from './deps';

export function getMessage(deps: NotificationDeps, livemode: boolean, id: string): Promise<MessageView> {
  return useCase('notification.get_message', async () => {
    const message = await messagesStore.find(deps.dataSource, livemode, id);
    if (!message) throw new NotFoundError('message', id);
    return message;
  }, { livemode });
}
