import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { ConflictError, DataSource, EVENT_ID_REUSED, Idempotency, IdempotentCommand } from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { probeDatabase, ProbeDatabase } from './support/probe-db';
import { rejection } from '../../../scripts/test/support/errors';

// One idempotency mechanism (packages/platform/src/db/idempotency.ts): a command
// keyed by (scope, key) with a hash of its request, run in the transaction of its
// effect. Proved here on a schema of this file's own, in this process and across
// processes (fixtures/idempotent-command.js runs one command in a child).
let db: ProbeDatabase;
let ds: DataSource;
let idempotency: Idempotency;
let seq = 0;

beforeAll(async () => {
  db = await probeDatabase('idem');
  ds = await db.connect();
  await ds.query(`CREATE TABLE "${db.schema}".effects (id bigserial PRIMARY KEY, note text NOT NULL)`);
  idempotency = new Idempotency(db.schema);
});
afterAll(async () => {
  await db?.close();
});

const command = (overrides: Partial<IdempotentCommand> = {}): IdempotentCommand => ({
  scope: 'probe.create:test:mer_1',
  key: `key-${++seq}-${Date.now()}`,
  operation: 'probe.create',
  request: { amount: 100, currency: 'JPY' },
  ...overrides,
});

async function effects(note: string): Promise<number> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM "${db.schema}".effects WHERE note = $1`, [note]);
  return n;
}

/** Runs the command in its own transaction, with an effect row named `note`. */
function runOnce(cmd: IdempotentCommand, note: string, fail?: Error) {
  return ds.transaction((tx) =>
    idempotency.run(tx, cmd, async () => {
      const [row] = await tx.query(`INSERT INTO "${db.schema}".effects (note) VALUES ($1) RETURNING id`, [note]);
      if (fail) throw fail;
      return { effectId: Number(row.id), at: new Date('2025-01-02T03:04:05Z') };
    }),
  );
}

describe('in one process', () => {
  it('replays the stored result of an identical retry without running the effect again', async () => {
    const cmd = command();
    const first = await runOnce(cmd, cmd.key);
    const retry = await runOnce({ ...cmd, request: { currency: 'JPY', amount: 100 } }, cmd.key); // key order does not matter
    expect(first.replayed).toBe(false);
    expect(retry).toEqual({ value: { effectId: first.value.effectId, at: '2025-01-02T03:04:05.000Z' }, replayed: true });
    expect(await effects(cmd.key)).toBe(1);
  });

  it('revives the stored JSON when asked', async () => {
    const cmd = command();
    await runOnce(cmd, cmd.key);
    const retry = await ds.transaction((tx) =>
      idempotency.run(tx, cmd, async () => ({ effectId: -1, at: new Date() }), (stored) => {
        const s = stored as { effectId: number; at: string };
        return { effectId: s.effectId, at: new Date(s.at) };
      }),
    );
    expect(retry.replayed).toBe(true);
    expect(retry.value.at).toEqual(new Date('2025-01-02T03:04:05Z'));
  });

  it('rejects the same key with another request, writing nothing', async () => {
    const cmd = command();
    await runOnce(cmd, cmd.key);
    const err = await rejection(runOnce({ ...cmd, request: { amount: 101, currency: 'JPY' } }, `${cmd.key}-other`));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ kind: 'already_exists', code: 'idempotency_key_reused', metadata: { param: 'idempotency_key' } });
    expect(await effects(`${cmd.key}-other`)).toBe(0);
  });

  it('rejects the same key for another operation with the same request', async () => {
    const cmd = command();
    await runOnce(cmd, cmd.key);
    const err = await rejection(runOnce({ ...cmd, operation: 'probe.refund' }, `${cmd.key}-refund`));
    expect(err).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await effects(`${cmd.key}-refund`)).toBe(0);
  });

  it('answers the conflict with the code and field it is given (a partner’s event id)', async () => {
    const cmd = command({ conflictCode: EVENT_ID_REUSED, param: 'event_id' });
    await runOnce(cmd, cmd.key);
    const err = await rejection(runOnce({ ...cmd, request: { amount: 1 } }, `${cmd.key}-x`));
    expect(err).toMatchObject({ code: 'event_id_reused', metadata: { param: 'event_id' } });
    expect(err.message).toContain(`event_id "${cmd.key}"`);
  });

  it('keeps keys apart by scope', async () => {
    const cmd = command();
    await runOnce(cmd, cmd.key);
    const other = await runOnce({ ...cmd, scope: 'probe.create:test:mer_2', request: { amount: 5 } }, cmd.key);
    expect(other.replayed).toBe(false);
    expect(await effects(cmd.key)).toBe(2);
  });

  it('leaves no claim when the transaction rolls back: the retry runs the effect', async () => {
    const cmd = command();
    await expect(runOnce(cmd, cmd.key, new Error('boom'))).rejects.toThrow('boom');
    expect(await idempotency.find(ds, cmd.scope, cmd.key)).toBeNull();
    expect(await effects(cmd.key)).toBe(0);
    const retry = await runOnce(cmd, cmd.key);
    expect(retry.replayed).toBe(false);
    expect(await effects(cmd.key)).toBe(1);
    expect(await idempotency.find(ds, cmd.scope, cmd.key)).toMatchObject({ operation: 'probe.create', response: { effectId: retry.value.effectId } });
  });
});

// --- across processes -------------------------------------------------------

const fixture = path.join(__dirname, 'fixtures', 'idempotent-command.js');

interface Child {
  proc: ChildProcess;
  /** resolves with the next line the child prints that satisfies `match` */
  line(match: (line: string) => boolean): Promise<string>;
  send(word: string): void;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function child(cmd: IdempotentCommand, effect: string, opts: { waitForGo?: boolean; holdClaim?: boolean; killAfterCommit?: boolean } = {}): Child {
  const proc = spawn(process.execPath, [fixture, JSON.stringify({ url: db.url, schema: db.schema, command: cmd, effect, ...opts })], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const seen: string[] = [];
  const waiters: { match: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  readline.createInterface({ input: proc.stdout! }).on('line', (l) => {
    seen.push(l);
    for (const w of waiters.filter((x) => x.match(l))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(l);
    }
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc,
    exit,
    send: (word) => proc.stdin!.write(`${word}\n`),
    line: (match) => {
      const already = seen.find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}
const isJson = (l: string) => l.startsWith('{');

describe('across processes', () => {
  it('two processes running the same command at once produce one effect; the second replays the first’s result', async () => {
    const cmd = command();
    const a = child(cmd, cmd.key, { waitForGo: true, holdClaim: true });
    const b = child(cmd, cmd.key, { waitForGo: true, holdClaim: true });
    await Promise.all([a.line((l) => l === 'ready'), b.line((l) => l === 'ready')]);
    a.send('go');
    b.send('go');
    // One of them claims the key and writes its effect; it holds the transaction open.
    const owner = await Promise.race([a.line((l) => l === 'effect').then(() => a), b.line((l) => l === 'effect').then(() => b)]);
    // The other is blocked on the owner's uncommitted claim (a row lock), not finished.
    await eventually(
      async () => {
        const [{ n }] = await ds.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'kessai-probe-child' AND wait_event_type = 'Lock'`,
        );
        return n === 1;
      },
      10_000,
      'the second process waiting on the claim',
    );
    owner.send('commit');
    const results = (await Promise.all([a.line(isJson), b.line(isJson)])).map((l) => JSON.parse(l));
    await Promise.all([a.exit, b.exit]);
    expect(results.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect(results[0].value).toEqual(results[1].value);
    expect(await effects(cmd.key)).toBe(1);
  });

  it('a process killed after the commit, before it answered: the retry replays the stored result, the effect happened once', async () => {
    const cmd = command();
    const killed = child(cmd, cmd.key, { killAfterCommit: true });
    expect(await killed.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await effects(cmd.key)).toBe(1);

    const retry = child(cmd, cmd.key);
    const answer = JSON.parse(await retry.line(isJson));
    expect(await retry.exit).toEqual({ code: 0, signal: null });
    const [stored] = await ds.query(`SELECT id FROM "${db.schema}".effects WHERE note = $1`, [cmd.key]);
    expect(answer).toEqual({ value: { effectId: Number(stored.id), note: cmd.key }, replayed: true });
    expect(await effects(cmd.key)).toBe(1);
  });
});
