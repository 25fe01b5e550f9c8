// Pure helpers that turn a child's output line into what the dev runner prints.
// No I/O here, so they are unit-tested in log-format.spec.ts.

const ESC = '\u001b[';
export const ansi = {
  reset: `${ESC}0m`,
  bold: `${ESC}1m`,
  dim: `${ESC}2m`,
  red: `${ESC}31m`,
  green: `${ESC}32m`,
  yellow: `${ESC}33m`,
  blue: `${ESC}34m`,
  magenta: `${ESC}35m`,
  cyan: `${ESC}36m`,
  gray: `${ESC}90m`,
} as const;

/** Colours a prefix can take, in order of assignment. */
export const PREFIX_COLOURS = [
  `${ESC}36m`, // cyan
  `${ESC}35m`, // magenta
  `${ESC}33m`, // yellow
  `${ESC}32m`, // green
  `${ESC}34m`, // blue
  `${ESC}96m`, // bright cyan
  `${ESC}95m`, // bright magenta
  `${ESC}93m`, // bright yellow
  `${ESC}92m`, // bright green
  `${ESC}94m`, // bright blue
] as const;

/** A stable colour for a name (same name, same colour, run after run). */
export function colourFor(name: string): string {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return PREFIX_COLOURS[hash % PREFIX_COLOURS.length];
}

export function paint(text: string, colour: string, enabled: boolean): string {
  return enabled ? `${colour}${text}${ansi.reset}` : text;
}

/** `[name]` padded to `width` characters (the brackets included), coloured when asked. */
export function formatPrefix(name: string, opts: { colour: boolean; width?: number; colourCode?: string }): string {
  const label = `[${name}]`.padEnd(opts.width ?? 0);
  return paint(label, opts.colourCode ?? colourFor(name), opts.colour);
}

const PINO_LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Pino's numeric level (or a label) → an upper-case label, e.g. 30 → INFO. */
export function levelLabel(level: unknown): string {
  if (typeof level === 'number') {
    const exact = PINO_LEVELS[level];
    if (exact) return exact;
    const nearest = Object.keys(PINO_LEVELS)
      .map(Number)
      .filter((l) => l <= level)
      .pop();
    return nearest === undefined ? `L${level}` : PINO_LEVELS[nearest];
  }
  if (typeof level === 'string' && level.length > 0) return level.toUpperCase();
  return 'LOG';
}

function levelColour(label: string): string {
  switch (label) {
    case 'TRACE':
    case 'DEBUG':
      return ansi.gray;
    case 'INFO':
      return ansi.green;
    case 'WARN':
      return ansi.yellow;
    default:
      return ansi.red;
  }
}

/** Fields pino (or our platform) adds to every line: not worth repeating on screen. */
const NOISE = new Set(['level', 'severity', 'time', 'msg', 'message', 'pid', 'hostname', 'v', 'service', 'name', 'err', 'error']);

function clock(time: unknown): string {
  const date = typeof time === 'number' || typeof time === 'string' ? new Date(time) : null;
  if (!date || Number.isNaN(date.getTime())) return '';
  return date.toISOString().slice(11, 23);
}

function errorText(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return typeof err === 'string' ? err : undefined;
  const e = err as { stack?: unknown; message?: unknown; type?: unknown };
  if (typeof e.stack === 'string') return e.stack;
  if (typeof e.message === 'string') return `${typeof e.type === 'string' ? `${e.type}: ` : ''}${e.message}`;
  return JSON.stringify(err);
}

export interface PrettyOptions {
  colour: boolean;
  /** at most this many characters of extra fields (the rest is cut with …) */
  maxExtra?: number;
}

/**
 * One output line made readable: a pino JSON line becomes
 * `12:00:01.234 INFO  message {"extra":"fields"}` (+ the error's stack on following
 * lines); anything that is not a JSON object is returned unchanged.
 */
export function prettyLogLine(line: string, opts: PrettyOptions): string {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return line;
  let record: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return line;
    record = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  const label = levelLabel(record.level);
  const msg = typeof record.msg === 'string' ? record.msg : typeof record.message === 'string' ? record.message : '';
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!NOISE.has(key)) extra[key] = value;
  let extraText = Object.keys(extra).length > 0 ? JSON.stringify(extra) : '';
  const maxExtra = opts.maxExtra ?? 400;
  if (extraText.length > maxExtra) extraText = `${extraText.slice(0, maxExtra)}…`;
  const time = clock(record.time);
  const parts = [
    time ? paint(time, ansi.gray, opts.colour) : '',
    paint(label.padEnd(5), levelColour(label), opts.colour),
    msg,
    extraText ? paint(extraText, ansi.gray, opts.colour) : '',
  ].filter((p) => p.length > 0);
  let out = parts.join(' ');
  const err = errorText(record.err ?? record.error);
  if (err) out += `\n${err}`;
  return out;
}

/** Splits a growing buffer into complete lines; returns them and the unfinished rest. */
export function splitLines(buffer: string): { lines: string[]; rest: string } {
  const parts = buffer.split(/\r?\n/);
  const rest = parts.pop() ?? '';
  return { lines: parts, rest };
}

/** Rows → an aligned plain-text table (first row is the header). */
export function formatTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const [header, ...body] = rows;
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
