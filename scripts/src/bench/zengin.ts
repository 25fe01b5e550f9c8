// `npm run bench` (or BENCH_ONLY=zengin): @kessai/zengin's throughput — holder names normalised
// and validated, a 10,000-record 総合振込 file written and read back — as records per second and
// as a multiple of the same run's pgbench TPC-B figure (P).
import { performance } from 'node:perf_hooks';
import { bankDirectory, readTransferFile, toBankKana, writeTransferFile, type TransferFileInput } from '@kessai/zengin';

export const ZENGIN_RECORDS = 10_000;
const ROUNDS = 5;
const CREATED_ON = '2027-01-08';
const TRANSFER_DATE = '2027-01-12';

export interface ZenginBench {
  records: number;
  rounds: number;
  namesPerSec: number;
  writePerSec: number;
  readPerSec: number;
  roundTripPerSec: number;
  fileBytes: number;
}

const KATAKANA = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポャュョッー';
const HIRAGANA = 'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわがぎぐげござじずぜぞだでどばびぶべぼぱぴぷぺぽゃゅょっ';
const FORMS = ['株式会社', '有限会社', '(株)', '合同会社', 'カブシキガイシャ', '医療法人社団', '', '', '', ''];

/** Deterministic, varied holder names: katakana, hiragana, legal-entity words front/middle/end, spaces, Latin. */
export function benchNames(n: number): string[] {
  let seed = 42;
  const rnd = (k: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % k;
  };
  const word = (alphabet: string, len: number) => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
  return Array.from({ length: n }, (_, i) => {
    const alphabet = i % 3 === 0 ? HIRAGANA : KATAKANA;
    const base = `${word(alphabet, 2 + rnd(4))}${i % 4 === 0 ? '　' : ' '}${word(alphabet, 2 + rnd(4))}`;
    const form = FORMS[rnd(FORMS.length)];
    const withForm = form === '' ? base : i % 2 === 0 ? `${form}${base}` : `${base}${form}`;
    return i % 17 === 0 ? `${withForm} ＡＢＣ１２` : withForm;
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
}

export function measureZengin(log: (m: string) => void = () => undefined): ZenginBench {
  const names = benchNames(ZENGIN_RECORDS);
  log(`zengin: normalise and validate ${ZENGIN_RECORDS} names, ${ROUNDS} rounds …`);
  const nameSeconds: number[] = [];
  let kana: string[] = [];
  toBankKana(names[0]); // loads the tables once, like a service at start
  for (let r = 0; r < ROUNDS; r++) nameSeconds.push(timed(() => (kana = names.map((n) => toBankKana(n, { maxLength: 30 })))));

  const dir = bankDirectory();
  const branches = ['0001', '0005', '0009', '0010', '0017'].flatMap((b) => dir.branches(b).slice(0, 20)).map((b) => ({ bankCode: b.bankCode, branchCode: b.code }));
  const file: TransferFileInput = {
    header: { requesterCode: '0000012345', requesterName: 'ｹﾂｻｲ(ｶ', transferDate: TRANSFER_DATE, bankCode: '0005', branchCode: '001', accountType: '1', accountNumber: '1234567' },
    records: kana.map((payeeName, i) => ({
      ...branches[i % branches.length],
      accountType: '1' as const,
      accountNumber: String(1_000_000 + i).padStart(7, '0'),
      payeeName,
      amount: 1 + ((i * 7_919) % 9_999_999),
      reference: String(10_000_000_000_000 + i).padStart(20, '0'),
    })),
  };
  log(`zengin: write and read back a ${ZENGIN_RECORDS}-record transfer file, ${ROUNDS} rounds …`);
  const writeSeconds: number[] = [];
  const readSeconds: number[] = [];
  let bytes: Buffer = Buffer.alloc(0);
  for (let r = 0; r < ROUNDS; r++) {
    writeSeconds.push(timed(() => (bytes = writeTransferFile(file, { createdOn: CREATED_ON }))));
    readSeconds.push(
      timed(() => {
        const read = readTransferFile(bytes, { createdOn: CREATED_ON });
        if (read.records.length !== ZENGIN_RECORDS) throw new Error('zengin bench: the file did not read back');
      }),
    );
  }
  const w = median(writeSeconds);
  const rd = median(readSeconds);
  return {
    records: ZENGIN_RECORDS,
    rounds: ROUNDS,
    namesPerSec: ZENGIN_RECORDS / median(nameSeconds),
    writePerSec: ZENGIN_RECORDS / w,
    readPerSec: ZENGIN_RECORDS / rd,
    roundTripPerSec: ZENGIN_RECORDS / (w + rd),
    fileBytes: bytes.length,
  };
}

export const ZENGIN_HEADING = '## Zengin: holder names and transfer files';

export function zenginSection(r: ZenginBench, tps: number): string {
  const ratio = (x: number) => (tps > 0 ? `${(x / tps).toFixed(0)}×` : 'n/a');
  const verdict = (x: number) => (tps > 0 && x >= 20 * tps ? 'met' : '**not met**');
  return `
${ZENGIN_HEADING}
\`@kessai/zengin\` in one Node process (measured ${new Date().toISOString().slice(0, 10)}, the median of ${r.rounds} rounds; P = pgbench
${tps.toFixed(0)} tps of the same run). Names: ${r.records} generated holder names (katakana, hiragana, legal-entity
words at the front and end, ideographic spaces, full-width Latin) through \`toBankKana(name, { maxLength: 30 })\`.
File: ${r.records} data records (${(r.fileBytes / 1024).toFixed(0)} KiB, Shift_JIS) by \`writeTransferFile\`, then
\`readTransferFile\` with every check (banks and branches against the directory, business-day date, trailer).

| step | records/s | × P |
|---|---:|---:|
| normalise + validate names | ${r.namesPerSec.toFixed(0)} | ${ratio(r.namesPerSec)} |
| write the file | ${r.writePerSec.toFixed(0)} | ${ratio(r.writePerSec)} |
| read it back | ${r.readPerSec.toFixed(0)} | ${ratio(r.readPerSec)} |
| write + read | ${r.roundTripPerSec.toFixed(0)} | ${ratio(r.roundTripPerSec)} |

Aim: each at ≥ 20 × P records/s — names ${verdict(r.namesPerSec)}, file write + read ${verdict(r.roundTripPerSec)}.
`;
}
