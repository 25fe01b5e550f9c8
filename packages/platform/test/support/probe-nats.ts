import { randomBytes } from 'node:crypto';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { streamName } from '@kessai/platform';
import { testContext } from '../../../../scripts/test/support/context';

export interface ProbeNats {
  nc: NatsConnection;
  jsm: JetStreamManager;
  /** a subject prefix of the test file's own (its streams are removed by close()) */
  prefix: string;
  close(): Promise<void>;
}

/** The run's NATS, with a subject prefix no other test file uses. */
export async function probeNats(): Promise<ProbeNats> {
  const ctx = testContext();
  const prefix = `${ctx.prefix.replace(/\.$/, '')}p${randomBytes(3).toString('hex')}.`;
  const nc = await connect({ servers: ctx.natsUrl });
  const jsm = await jetstreamManager(nc);
  return {
    nc,
    jsm,
    prefix,
    async close() {
      const own = streamName(prefix, '');
      for await (const s of jsm.streams.list()) if (s.config.name.startsWith(own)) await jsm.streams.delete(s.config.name);
      await nc.close();
    },
  };
}
