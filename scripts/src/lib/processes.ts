// Child processes the dev runner and the test harness start: services (node
// services/<name>/dist/main.js) and extra processes (mail sink, simulators).
// Every child runs in its own process group, so stop()/kill() also reach anything
// it spawned — nothing is left behind holding a port.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import path from 'node:path';
import type { MeshService } from '@kessai/platform';
import { formatPrefix, prettyLogLine, splitLines } from './log-format';

/**
 * How a child's output is shown: `pretty` (pino JSON → time, level, message),
 * `raw` (each line as written), `silent` (nothing; still kept for lastLines()).
 * Every shown line is prefixed with `[name]`.
 */
export type OutputMode = 'pretty' | 'raw' | 'silent';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** true when stop() or kill() asked for it */
  expected: boolean;
}

export interface ManagedProcessOptions {
  /** shown as the `[name]` prefix */
  name: string;
  command: string;
  args?: readonly string[];
  cwd?: string;
  /** merged over process.env (unless inheritEnv is false) */
  env?: NodeJS.ProcessEnv;
  inheritEnv?: boolean;
  /** polled by waitReady() until it answers 200 */
  readyUrl?: string;
  output?: OutputMode;
  /** where shown lines go; default process.stdout */
  stream?: NodeJS.WritableStream;
  /** colour the prefix; default: when the stream is a TTY and NO_COLOR is unset */
  colour?: boolean;
  /** pad prefixes to this width so columns line up */
  prefixWidth?: number;
  /** how many of the last output lines to keep for error messages (default 200) */
  keepLines?: number;
}

const MAX_PARTIAL_LINE = 64 * 1024;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One GET; resolves with the status code, or 0 when nothing answered. */
export function httpStatus(url: string, timeoutMs = 1000): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

export class ManagedProcess extends EventEmitter {
  readonly name: string;
  private readonly opts: ManagedProcessOptions;
  private child: ChildProcess | undefined;
  private exitPromise: Promise<ExitInfo> | undefined;
  private lastExit: ExitInfo | undefined;
  private stopping = false;
  private readonly lines: string[] = [];
  private readonly keep: number;
  private readonly colour: boolean;

  constructor(opts: ManagedProcessOptions) {
    super();
    this.name = opts.name;
    this.opts = opts;
    this.keep = opts.keepLines ?? 200;
    const stream = (opts.stream ?? process.stdout) as NodeJS.WritableStream & { isTTY?: boolean };
    this.colour = opts.colour ?? (stream.isTTY === true && !process.env.NO_COLOR);
  }

  /** The running child's pid (undefined before start and after exit). */
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return this.child !== undefined && this.lastExit === undefined;
  }

  /** How the last run ended (undefined while running or never started). */
  get exitInfo(): ExitInfo | undefined {
    return this.lastExit;
  }

  /** Starts the child. Can be called again after it exited (restart). */
  start(): this {
    if (this.running) throw new Error(`${this.name} is already running (pid ${this.child?.pid})`);
    this.stopping = false;
    this.lastExit = undefined;
    const env = this.opts.inheritEnv === false ? { ...this.opts.env } : { ...process.env, ...this.opts.env };
    const child = spawn(this.opts.command, [...(this.opts.args ?? [])], {
      cwd: this.opts.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: signals reach its children too
    });
    this.child = child;
    this.exitPromise = new Promise<ExitInfo>((resolve) => {
      let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
      let settled = false;
      const settle = () => {
        if (settled || !exited) return;
        settled = true;
        flush();
        const info: ExitInfo = { ...exited, expected: this.stopping };
        this.lastExit = info;
        // whatever the child left behind in its group goes with it
        signalGroup(child, 'SIGKILL');
        this.emit('exit', info);
        resolve(info);
      };
      child.once('exit', (code, signal) => {
        exited = { code, signal };
        // wait for the output to drain, but not for ever (a grandchild may hold the pipe)
        setTimeout(settle, 500).unref();
      });
      child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
        exited ??= { code, signal };
        settle();
      });
      child.once('error', (err) => {
        this.record(`[spawn error] ${err.message}`, 'stderr');
        exited ??= { code: null, signal: null };
        settle();
      });
    });
    let partial = { stdout: '', stderr: '' };
    const onData = (which: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const { lines, rest } = splitLines(partial[which] + chunk.toString('utf8'));
      partial[which] = rest;
      if (rest.length > MAX_PARTIAL_LINE) {
        lines.push(rest);
        partial[which] = '';
      }
      for (const line of lines) this.record(line, which);
    };
    const flush = () => {
      for (const which of ['stdout', 'stderr'] as const) if (partial[which]) this.record(partial[which], which);
      partial = { stdout: '', stderr: '' };
    };
    child.stdout?.on('data', onData('stdout'));
    child.stderr?.on('data', onData('stderr'));
    return this;
  }

  /** Resolves when the current run exits (immediately if it is not running). */
  waitExit(): Promise<ExitInfo> {
    if (!this.exitPromise) return Promise.resolve({ code: null, signal: null, expected: true });
    return this.exitPromise;
  }

  /**
   * Polls the ready URL until it answers 200. Rejects, with the last output lines,
   * when the process exits first or time runs out.
   */
  async waitReady(timeoutMs = 30_000, intervalMs = 150): Promise<void> {
    const url = this.opts.readyUrl;
    if (!url) throw new Error(`${this.name}: no readiness URL to wait for`);
    if (!this.child) throw new Error(`${this.name}: not started`);
    const deadline = Date.now() + timeoutMs;
    let lastStatus = 0;
    while (Date.now() < deadline) {
      if (!this.running) {
        await this.waitExit();
        throw new Error(`${this.name} exited (${describeExit(this.lastExit)}) before it was ready\n${this.tail(40)}`);
      }
      lastStatus = await httpStatus(url, Math.min(1000, Math.max(100, deadline - Date.now())));
      if (lastStatus === 200) return;
      await sleep(intervalMs);
    }
    throw new Error(
      `${this.name} was not ready after ${timeoutMs} ms (${url} last answered ${lastStatus || 'nothing'})\n${this.tail(40)}`,
    );
  }

  /** SIGTERM, wait up to timeoutMs for the exit, then SIGKILL. Resolves when it is gone. */
  async stop(timeoutMs = 10_000): Promise<ExitInfo> {
    if (!this.running || !this.child) return this.lastExit ?? { code: null, signal: null, expected: true };
    this.stopping = true;
    signalGroup(this.child, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const result = await Promise.race([this.waitExit(), timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.record(`[runner] no exit ${timeoutMs} ms after SIGTERM: sending SIGKILL`, 'stderr');
      signalGroup(this.child, 'SIGKILL');
      return this.waitExit();
    }
    return result;
  }

  /** SIGKILL (the whole process group) and wait for the exit. */
  async kill(): Promise<ExitInfo> {
    if (!this.running || !this.child) return this.lastExit ?? { code: null, signal: null, expected: true };
    this.stopping = true;
    signalGroup(this.child, 'SIGKILL');
    return this.waitExit();
  }

  /** The last n raw output lines (stdout and stderr interleaved as they came). */
  lastLines(n = this.keep): string[] {
    return this.lines.slice(-n);
  }

  /** The last n lines, indented, for error messages. */
  tail(n = 40): string {
    const lines = this.lastLines(n);
    if (lines.length === 0) return `  (${this.name} printed nothing)`;
    return lines.map((l) => `  | ${l}`).join('\n');
  }

  private record(line: string, which: 'stdout' | 'stderr'): void {
    this.lines.push(line);
    if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
    this.emit('line', line, which);
    const mode = this.opts.output ?? 'pretty';
    if (mode === 'silent') return;
    const prefix = formatPrefix(this.name, { colour: this.colour, width: this.opts.prefixWidth });
    const text = mode === 'pretty' ? prettyLogLine(line, { colour: this.colour }) : line;
    const out = text
      .split('\n')
      .map((l) => `${prefix} ${l}`)
      .join('\n');
    (this.opts.stream ?? process.stdout).write(`${out}\n`);
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export function describeExit(info: ExitInfo | undefined): string {
  if (!info) return 'still running';
  if (info.signal) return `killed by ${info.signal}`;
  return `exit code ${info.code ?? 'unknown'}`;
}

export interface ServiceProcessOptions extends Omit<ManagedProcessOptions, 'name' | 'command' | 'args' | 'readyUrl' | 'cwd'> {
  service: Pick<MeshService, 'name' | 'opsPort'>;
  /** the monorepo root (the folder holding services/) */
  repoRoot: string;
  /** ops port to poll; default env.OPS_PORT, else the service's default */
  opsPort?: number;
  /** extra arguments for node, before the script (e.g. --enable-source-maps) */
  nodeArgs?: readonly string[];
}

/** `node services/<name>/dist/main.js`, run from the service's folder, ready when /readyz says 200. */
export class ServiceProcess extends ManagedProcess {
  readonly service: Pick<MeshService, 'name' | 'opsPort'>;
  readonly opsPort: number;

  constructor(opts: ServiceProcessOptions) {
    const opsPort = opts.opsPort ?? (opts.env?.OPS_PORT ? Number(opts.env.OPS_PORT) : opts.service.opsPort);
    super({
      ...opts,
      name: opts.service.name,
      command: process.execPath,
      args: [...(opts.nodeArgs ?? ['--enable-source-maps']), ServiceProcess.mainScript(opts.repoRoot, opts.service.name)],
      cwd: path.join(opts.repoRoot, 'services', opts.service.name),
      readyUrl: `http://127.0.0.1:${opsPort}/readyz`,
    });
    this.service = opts.service;
    this.opsPort = opsPort;
  }

  static mainScript(repoRoot: string, name: string): string {
    return path.join(repoRoot, 'services', name, 'dist', 'main.js');
  }
}
