import { notificationV1 } from '@kessai/contracts';
import type { UnaryHandlers } from '@kessai/platform';
import type { NotificationDeps } from '../app/deps';
import type { EmailDelivery } from '../app/email-delivery';
import { claimPhoneTask } from '../app/claim-phone-task';
import { completePhoneTask } from '../app/complete-phone-task';
import { createPostcardBatch } from '../app/create-postcard-batch';
import { getMessage } from '../app/get-message';
import { listPhoneTasks } from '../app/list-phone-tasks';
import { recordInboundCall } from '../app/record-inbound-call';
import { send } from '../app/send';
import * as wire from './mapping';

/** NotificationService: each handler maps wire <-> use case, nothing more. */
export function notificationHandlers(deps: NotificationDeps, email: EmailDelivery): UnaryHandlers<typeof notificationV1.NotificationServiceService> {
  return {
    async send(req) {
      const r = await send(deps, wire.sendInputFromWire(req));
      if (!r.replayed && r.messages.some((m) => m.channel === 'email')) email.kick();
      return { messages: r.messages.map(wire.messageToWire), replayed: r.replayed };
    },
    async getMessage(req) {
      return { message: wire.messageToWire(await getMessage(deps, req.livemode, req.messageId)) };
    },
    async createPostcardBatch(req) {
      const batch = await createPostcardBatch(deps, req.livemode);
      return { batch: batch ? wire.batchToWire(batch) : undefined };
    },
    async listPhoneTasks(req) {
      const page = await listPhoneTasks(deps, { ...req, status: wire.taskStatusFromWire(req.status) });
      return { tasks: page.tasks.map(wire.taskToWire), nextPageToken: page.nextPageToken };
    },
    async claimPhoneTask(req) {
      const task = await claimPhoneTask(deps, req);
      return { task: task ? wire.taskToWire(task) : undefined };
    },
    async completePhoneTask(req) {
      const task = await completePhoneTask(deps, { ...req, outcome: wire.outcomeFromWire(req.outcome) });
      return { task: wire.taskToWire(task) };
    },
    async recordInboundCall(req) {
      const r = await recordInboundCall(deps, { ...req, kind: wire.kindFromWire(req.kind) });
      return { task: wire.taskToWire(r.task), replayed: r.replayed };
    },
  };
}
