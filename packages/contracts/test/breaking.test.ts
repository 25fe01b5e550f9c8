import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Proves the CI contract gate can fail: a copy of proto/ with a released field
// removed must be rejected by `buf breaking` against the recorded baseline.
const repo = path.resolve(__dirname, '../../..');
const buf = path.join(repo, 'node_modules', '.bin', 'buf');
const baseline = path.join(repo, 'proto', 'releases', 'baseline.binpb');

function breaking(protoDir: string): { ok: boolean; output: string } {
  try {
    const out = execFileSync(buf, ['breaking', protoDir, '--against', baseline], { cwd: repo, encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output: out };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('buf breaking against the released baseline', () => {
  let copy: string;
  beforeAll(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'kessai-proto-'));
    fs.cpSync(path.join(repo, 'proto', 'kessai'), path.join(copy, 'kessai'), { recursive: true });
  });
  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  it('accepts the current contracts', () => {
    const result = breaking(path.join(repo, 'proto'));
    expect(result).toEqual({ ok: true, output: '' });
  });

  it('rejects a change that removes a released field', () => {
    const file = path.join(copy, 'kessai', 'events', 'v1', 'envelope.proto');
    const source = fs.readFileSync(file, 'utf8');
    const mutated = source.replace(/\n\s*string traceparent = 8;/, '');
    expect(mutated).not.toEqual(source);
    fs.writeFileSync(file, mutated);
    const result = breaking(copy);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/traceparent|field "8"|deleted/i);
  });

  it('the committed generated code carries every proto package', () => {
    const index = fs.readFileSync(path.join(repo, 'packages', 'contracts', 'src', 'index.ts'), 'utf8');
    for (const ns of ['eventsV1', 'errorsV1', 'ledgerV1', 'ledgerEventsV1']) expect(index).toContain(`as ${ns} from`);
  });
});
