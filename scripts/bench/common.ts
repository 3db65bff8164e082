/**
 * What the benchmark scripts share: percentiles, the machine-readable result
 * line `npm run bench` collects (`BENCH_RESULT {json}`), the Redis probe, and
 * the synthetic people and hires of the load test.
 */
import net from 'node:net';
import os from 'node:os';
import { checkHire, mod11_2CheckChar, type TApplicationInput } from '../../domain';
import { PEOPLE_BY_DOCUMENT_NUMBER, type TSimEnterprise } from '../../functions/simulators/dataset';
import { demoApplication } from '../../tests/integration/client';
import { seededRandom } from '../../functions/simulators/framework';

/** The prefix of the one line a sub-benchmark prints for `npm run bench`. */
export const RESULT_MARK = 'BENCH_RESULT ';

/** Prints the machine-readable result line (the last line of a sub-benchmark's output). */
export function emitResult(bench: string, figures: Record<string, unknown>): void {
  console.log(`${RESULT_MARK}${JSON.stringify({ bench, at: new Date().toISOString(), machine: machine(), ...figures })}`);
}

/** The last `BENCH_RESULT` line of a child's output, parsed. */
export function parseResult(output: string): Record<string, any> | undefined {
  const line = output
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(RESULT_MARK));
  return line ? JSON.parse(line.slice(RESULT_MARK.length)) : undefined;
}

export function machine() {
  return { cpus: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, load1: Number(os.loadavg()[0]!.toFixed(2)) };
}

/** Nearest-rank percentile of sorted values. */
export function pct(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface TLatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(values: readonly number[]): TLatencySummary {
  const s = [...values].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(pct(s, 50)), p95: r(pct(s, 95)), p99: r(pct(s, 99)), max: r(s[s.length - 1] ?? NaN), mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)) };
}

export const fmtMs = (x: number) => (Number.isNaN(x) ? '—' : x < 10 ? `${x.toFixed(1)} ms` : `${Math.round(x).toLocaleString('en')} ms`);
export const fmtMiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Prints rows as an aligned plain-text table. */
export function printTable(head: string[], rows: string[][]): void {
  const w = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? pad(c, w[i]!) : padStart(c, w[i]!))).join('  ');
  console.log(line(head));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6→≤≥—]/u.test(ch) && !/[→≤≥—]/u.test(ch) ? 2 : 1;
  return n;
}
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;

/** Rows as a markdown table. */
export function markdownTable(head: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${head.map(esc).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

export function redisUp(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname);
    socket.setTimeout(500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/** A deterministic pseudo-random generator (mulberry32), so runs file the same people: the simulators' own. */
export const seeded = seededRandom;

export interface TSyntheticPerson {
  documentNumber: string;
  name: string;
  sex: '1' | '2';
  birthDate: string;
  hukouAddress: string;
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉波宁斌红建国海燕晨阳雪梅松林峰琳鑫';
const DISTRICTS = [
  { code: '150302', address: '内蒙古自治区乌海市海勃湾区新华街' },
  { code: '150303', address: '内蒙古自治区乌海市海南区人民路' },
  { code: '150304', address: '内蒙古自治区乌海市乌达区滨河路' },
];

/**
 * Synthetic people for the load test: GB 11643 numbers with a correct check
 * digit (Wuhai address codes, adults born 1978–2002), none of them in the
 * simulators' dataset — so 公安 answers 核验不一致 for them (as for anyone
 * it does not hold) and no department knows them as insured elsewhere.
 * Names are a surname + 测 + 压 + a given character: marked as test data.
 */
export function* syntheticPeople(seed: number): Generator<TSyntheticPerson> {
  const random = seeded(seed);
  const seen = new Set<string>();
  for (;;) {
    const district = DISTRICTS[Math.floor(random() * DISTRICTS.length)]!;
    const year = 1978 + Math.floor(random() * 25);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const sex: '1' | '2' = random() < 0.5 ? '1' : '2';
    let seq = 500 + Math.floor(random() * 490); // the dataset's sequences are lower
    if ((seq % 2 === 1) !== (sex === '1')) seq += 1;
    const first17 = `${district.code}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    const documentNumber = first17 + mod11_2CheckChar(first17)!;
    if (seen.has(documentNumber) || PEOPLE_BY_DOCUMENT_NUMBER.has(documentNumber)) continue;
    seen.add(documentNumber);
    const name = SURNAMES[Math.floor(random() * SURNAMES.length)]! + '测压' + GIVEN[Math.floor(random() * GIVEN.length)]!;
    yield { documentNumber, name, sex, birthDate, hukouAddress: `${district.address}${1 + Math.floor(random() * 200)}号` };
  }
}

/** The employer section as auto-fill gives it for a dataset enterprise. */
export function employerOf(e: TSimEnterprise) {
  return {
    name: { value: e.name },
    address: { value: e.address },
    legalRepresentative: { value: e.legalRepresentative },
    industrialSector: { value: e.industrialSector },
    divisionCode: { value: e.divisionCode },
    industryCode: { value: e.industryCode },
    contactName: { value: e.contactName ?? '李红' },
    contactPhone: { value: e.contactPhone ?? '0473-3123456' },
  };
}

/** A complete hire of a synthetic person by a dataset enterprise, as the wizard submits it (generated contract). */
export function hireOf(e: TSimEnterprise, person: TSyntheticPerson, today: string): TApplicationInput {
  return demoApplication({ employer: employerOf(e), person: {} }, today, {
    employer: { uscc: e.uscc },
    employee: {
      documentNumber: person.documentNumber,
      name: person.name,
      sex: person.sex,
      birthDate: person.birthDate,
      ethnicGroup: '01',
      hukouNature: '10',
      hukouAddress: person.hukouAddress,
      education: '21',
      graduateSchool: '内蒙古科技大学',
      major: '机械工程',
      graduationDate: `${Number(person.birthDate.slice(0, 4)) + 22}-07-01`,
    },
  });
}

/** A source of hires that pass the pre-check (nothing blocked), each of a person no other hire has. */
export function hireSource(today: string, seed: number): (e: TSimEnterprise) => TApplicationInput {
  const people = syntheticPeople(seed);
  return (e) => {
    for (;;) {
      const body = hireOf(e, people.next().value as TSyntheticPerson, today);
      if (checkHire(body, today).status !== 'block') return body;
    }
  };
}

/** The five items done while the filing request waits (即办件). */
export const INSTANT_ITEMS = ['pension_insurance', 'medical_insurance', 'employment_registration', 'labor_filing', 'housing_fund_account'] as const;

const HIGH = 1_000_000_000;
const wide = { requests: HIGH };
/**
 * `RATE_LIMITS` for the benchmarks: every limit of domain/security/rate-limits.ts raised out of
 * reach, so they measure capacity, not the limiter (which still runs and costs its round trips;
 * whatever it refuses is counted as 429). BENCH_RATE_LIMITS replaces it (`policy`: the policy as written).
 */
export function benchRateLimits(): Record<string, string> {
  const env = process.env.BENCH_RATE_LIMITS;
  if (env === 'policy') return {};
  if (env) return { RATE_LIMITS: env };
  return {
    RATE_LIMITS: JSON.stringify({
      login: { perIp: wide },
      clerkLogin: { perIp: wide, perUsername: wide },
      autofillPerson: { perUser: wide, perEnterprise: wide, distinctPersonsPerEnterprisePerDay: { persons: HIGH }, distinctPersonsPerClerkPerDay: { persons: HIGH } },
      autofillEnterprise: { perUser: wide },
      filing: { perUser: wide, perEnterprise: wide },
      cardQr: { perUser: wide },
    }),
  };
}
