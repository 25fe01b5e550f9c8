import { testContext } from './context';

/** Each service's ops URL, by name: the run's shared mesh unless given (e.g. an isolated mesh's). */
export type OpsUrls = Record<string, string>;

function sharedOps(): OpsUrls {
  return Object.fromEntries(Object.entries(testContext().services).map(([name, s]) => [name, s.opsUrl]));
}

/** The latest test-clock time among the services (each keeps its own clock). */
export async function latestClock(ops: OpsUrls = sharedOps()): Promise<Date> {
  const times = await Promise.all(Object.values(ops).map(async (url) => Date.parse(((await (await fetch(`${url}/test/clock`)).json()) as { now: string }).now)));
  return new Date(Math.max(...times));
}

/**
 * Moves every service's test clock to `to` (each keeps its own, in its schema),
 * so a test that spans days sees the whole mesh on the same day. Clocks only
 * move forward: a service already past `to` is an error.
 */
export async function moveAllClocks(to: Date, ops: OpsUrls = sharedOps()): Promise<void> {
  await Promise.all(
    Object.entries(ops).map(async ([name, url]) => {
      const res = await fetch(`${url}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: to.toISOString() }) });
      if (res.status !== 200) throw new Error(`moving ${name}'s clock to ${to.toISOString()}: ${res.status} ${await res.text()}`);
    }),
  );
}

/** Runs a job now on a service's ops port (waits for a run in progress). */
export async function runJob(service: string, job: string, ops: OpsUrls = sharedOps()): Promise<unknown> {
  const res = await fetch(`${ops[service]}/test/jobs/${job}/run`, { method: 'POST' });
  const body = (await res.json()) as { result?: unknown };
  if (res.status !== 200) throw new Error(`job ${job} on ${service}: ${res.status} ${JSON.stringify(body)}`);
  return body.result;
}

/** One service's test clock at its ops URL: read it, or move it forward (it stays where it is when already at `to` or later). */
export function testClock(opsUrl: string): { now(): Promise<Date>; moveForwardTo(to: Date): Promise<void> } {
  const now = async () => new Date(((await (await fetch(`${opsUrl}/test/clock`)).json()) as { now: string }).now);
  return {
    now,
    async moveForwardTo(to) {
      if ((await now()).getTime() >= to.getTime()) return;
      const res = await fetch(`${opsUrl}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: to.toISOString() }) });
      if (res.status !== 200) throw new Error(`moving the clock at ${opsUrl} to ${to.toISOString()}: ${res.status} ${await res.text()}`);
    },
  };
}
