import { testContext } from './context';

/** The latest test-clock time among the run's services (each keeps its own clock). */
export async function latestClock(): Promise<Date> {
  const times = await Promise.all(
    Object.values(testContext().services).map(async (s) => Date.parse(((await (await fetch(`${s.opsUrl}/test/clock`)).json()) as { now: string }).now)),
  );
  return new Date(Math.max(...times));
}

/**
 * Moves every service's test clock to `to` (each keeps its own, in its schema),
 * so a test that spans days sees the whole mesh on the same day. Clocks only
 * move forward: a service already past `to` is an error.
 */
export async function moveAllClocks(to: Date): Promise<void> {
  await Promise.all(
    Object.entries(testContext().services).map(async ([name, s]) => {
      const res = await fetch(`${s.opsUrl}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: to.toISOString() }) });
      if (res.status !== 200) throw new Error(`moving ${name}'s clock to ${to.toISOString()}: ${res.status} ${await res.text()}`);
    }),
  );
}

/** Runs a job now on a service's ops port (waits for a run in progress). */
export async function runJob(service: string, job: string): Promise<unknown> {
  const res = await fetch(`${testContext().services[service].opsUrl}/test/jobs/${job}/run`, { method: 'POST' });
  const body = (await res.json()) as { result?: unknown };
  if (res.status !== 200) throw new Error(`job ${job} on ${service}: ${res.status} ${JSON.stringify(body)}`);
  return body.result;
}
