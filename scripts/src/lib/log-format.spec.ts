import { ansi, colourFor, formatPrefix, formatTable, levelLabel, prettyLogLine, splitLines } from './log-format';

describe('levelLabel', () => {
  it('maps pino levels, in-between numbers and labels', () => {
    expect(levelLabel(30)).toBe('INFO');
    expect(levelLabel(50)).toBe('ERROR');
    expect(levelLabel(35)).toBe('INFO');
    expect(levelLabel(5)).toBe('L5');
    expect(levelLabel('warn')).toBe('WARN');
    expect(levelLabel(undefined)).toBe('LOG');
  });
});

describe('prettyLogLine', () => {
  const time = Date.UTC(2025, 0, 2, 3, 4, 5, 678);

  it('prints time, level, message and the extra fields of a pino line', () => {
    const line = JSON.stringify({ level: 30, time, pid: 1, hostname: 'h', service: 'ledger', msg: 'posted', amount: 1200 });
    expect(prettyLogLine(line, { colour: false })).toBe('03:04:05.678 INFO  posted {"amount":1200}');
  });

  it('leaves non-JSON lines and JSON that is not an object alone', () => {
    expect(prettyLogLine('plain text', { colour: false })).toBe('plain text');
    expect(prettyLogLine('{not json}', { colour: false })).toBe('{not json}');
    expect(prettyLogLine('[1,2]', { colour: false })).toBe('[1,2]');
  });

  it('puts an error stack on the following lines', () => {
    const line = JSON.stringify({ level: 50, time, msg: 'failed', err: { type: 'Error', message: 'x', stack: 'Error: x\n    at y' } });
    expect(prettyLogLine(line, { colour: false })).toBe('03:04:05.678 ERROR failed\nError: x\n    at y');
  });

  it('cuts long extra fields', () => {
    const line = JSON.stringify({ level: 30, msg: 'm', blob: 'x'.repeat(1000) });
    const out = prettyLogLine(line, { colour: false, maxExtra: 50 });
    expect(out.endsWith('…')).toBe(true);
    expect(out.length).toBeLessThan(80);
  });

  it('colours only when asked', () => {
    const line = JSON.stringify({ level: 40, msg: 'careful' });
    expect(prettyLogLine(line, { colour: true })).toContain(ansi.yellow);
    expect(prettyLogLine(line, { colour: false })).not.toContain('\u001b[');
  });
});

describe('formatPrefix', () => {
  it('pads and colours the name, with a stable colour', () => {
    expect(formatPrefix('fees', { colour: false, width: 8 })).toBe('[fees]  ');
    expect(formatPrefix('fees', { colour: true })).toBe(`${colourFor('fees')}[fees]${ansi.reset}`);
    expect(colourFor('ledger')).toBe(colourFor('ledger'));
  });
});

describe('splitLines', () => {
  it('returns complete lines and keeps the unfinished rest', () => {
    expect(splitLines('a\r\nb\nc')).toEqual({ lines: ['a', 'b'], rest: 'c' });
    expect(splitLines('a\n')).toEqual({ lines: ['a'], rest: '' });
    expect(splitLines('')).toEqual({ lines: [], rest: '' });
  });
});

describe('formatTable', () => {
  it('aligns columns under a header rule', () => {
    expect(formatTable([['a', 'bb'], ['ccc', 'd']])).toBe('a    bb\n---  --\nccc  d');
    expect(formatTable([])).toBe('');
  });
});
