// ServiceProcess against a stand-in service (test/fixtures/fake-service.js).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { freePort } from '../src/lib/ports';
import { ServiceProcess } from '../src/lib/processes';

const fixture = path.join(__dirname, 'fixtures', 'fake-service.js');
let root: string;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // a zombie still answers kill(0); check its state
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function fake(env: Record<string, string> = {}, output: 'raw' | 'silent' | 'pretty' = 'silent') {
  const opsPort = await freePort();
  const stream = new PassThrough();
  let printed = '';
  stream.on('data', (c: Buffer) => (printed += c.toString()));
  const proc = new ServiceProcess({
    service: { name: 'fake', opsPort },
    repoRoot: root,
    env: { OPS_PORT: String(opsPort), ...env },
    output,
    stream,
    colour: false,
  });
  return { proc, printed: () => printed };
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kessai-proc-'));
  fs.mkdirSync(path.join(root, 'services', 'fake', 'dist'), { recursive: true });
  fs.writeFileSync(path.join(root, 'services', 'fake', 'dist', 'main.js'), `require(${JSON.stringify(fixture)});\n`);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('ServiceProcess', () => {
  it('starts, gets ready, survives SIGKILL + restart, and stops cleanly', async () => {
    const { proc, printed } = await fake({ FAKE_READY_AFTER_MS: '300' }, 'raw');
    proc.start();
    const first = proc.pid!;
    await proc.waitReady(10_000);
    expect(printed()).toMatch(/^\[fake\] \{"level":30/m);

    const killed = await proc.kill();
    expect(killed).toMatchObject({ signal: 'SIGKILL', expected: true });
    expect(proc.pid).toBeUndefined();
    expect(alive(first)).toBe(false);

    proc.start();
    expect(proc.pid).not.toBe(first);
    await proc.waitReady(10_000);
    const stopped = await proc.stop(5_000);
    expect(stopped).toEqual({ code: 0, signal: null, expected: true });
    expect(proc.lastLines().some((l) => l.includes('"stopping"'))).toBe(true);
  });

  it('SIGKILLs a process that ignores SIGTERM, and its children with it', async () => {
    const { proc } = await fake({ FAKE_IGNORE_SIGTERM: '1', FAKE_CHILD: '1' });
    proc.start();
    await proc.waitReady(10_000);
    const line = proc.lastLines().find((l) => l.includes('grandchildPid'));
    const grandchild = (JSON.parse(line!) as { grandchildPid: number }).grandchildPid;
    expect(alive(grandchild)).toBe(true);
    const started = Date.now();
    const info = await proc.stop(500);
    expect(info.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(3000);
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(grandchild)).toBe(false);
  });

  it('waitReady fails fast with the last output when the process dies first', async () => {
    const { proc } = await fake({ FAKE_READY_AFTER_MS: '60000', FAKE_CRASH_AFTER_MS: '200' });
    const exits: unknown[] = [];
    proc.on('exit', (i) => exits.push(i));
    proc.start();
    await expect(proc.waitReady(10_000)).rejects.toThrow(/fake exited \(exit code 3\) before it was ready[\s\S]*boom/);
    expect(exits).toEqual([{ code: 3, signal: null, expected: false }]);
  });

  it('waitReady times out with the URL and the last output', async () => {
    const { proc } = await fake({ FAKE_READY_AFTER_MS: '60000' });
    // Wait for the port to be open first: on a loaded machine a short wait could
    // otherwise end before the process answered anything at all.
    const listening = new Promise<void>((resolve) =>
      proc.on('line', (line: string) => line.includes('"listening"') && resolve()),
    );
    proc.start();
    await listening;
    await expect(proc.waitReady(2000)).rejects.toThrow(/not ready after 2000 ms \(http:\/\/127\.0\.0\.1:\d+\/readyz last answered 503\)/);
    await proc.stop();
  });

  it('pretty output prints level and message after the prefix', async () => {
    const { proc, printed } = await fake({}, 'pretty');
    proc.start();
    await proc.waitReady(10_000);
    await proc.stop();
    expect(printed()).toMatch(/^\[fake\] \d\d:\d\d:\d\d\.\d{3} INFO {2}listening \{"opsPort":\d+\}$/m);
  });
});
