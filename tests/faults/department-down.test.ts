/**
 * Fault: a department's system (人社, which runs five of the seven items) is
 * down for a while. Its items go to the durable queue and are retried with
 * backoff — counted at the simulator, over time —; the items that depend on
 * them (社保卡 after 社保参保, 就业创业证 after 就业登记) wait without calling
 * anyone; the other departments' items finish at once. When it is back
 * everything finishes, and each item was accepted by its department exactly
 * once (one record per requestId, one requestId per item and variant).
 */
import { randomUUID } from 'node:crypto';
import { hmacId } from '../../functions/lib/crypto';
import { hrOf, startHarness, type THarness } from '../integration/harness';
import { countScenario, recordCounts, recordsDelta } from './expect';
import { attemptsByKey, FAULT_USCC, hirablePeople, scheduledDelays, spySimulators, truth, untilAllDone } from './support';

jest.setTimeout(90_000);

const N = 10;
/** How long 人社 stays down at least (longer on a loaded machine: until each item was tried three times). */
const DOWN_MS = 9_000;
/** The longest wait between retries here (ITEM_RETRY_MAX_SECONDS); the delays are 2 s, then 4 s. */
const RETRY_MAX_SECONDS = 4;

let h: THarness;
beforeAll(async () => {
  h = await startHarness({ retryMaxSeconds: RETRY_MAX_SECONDS });
});
afterAll(() => h.close());

it('人社 down: retries with backoff, dependents wait, all finish once after it returns', async () => {
  const hr = await hrOf(h, FAULT_USCC);
  const spy = spySimulators([h.stack.simulators.hrss, h.stack.simulators.medical, h.stack.simulators.housingFund]);
  const before = recordCounts(h.stack);
  const hires = hirablePeople(N, 40);

  await h.sim('hrss', { down: true });
  const downAt = Date.now();
  const filed = await Promise.all(hires.map((x) => hr.post('/api/applications', x.body, { 'idempotency-key': `dept-${randomUUID()}` })));
  expect(filed.map((r) => r.status)).toEqual(hires.map(() => 201));
  const ids: string[] = filed.map((r) => r.body.application.id);
  // each item's first attempt was made during its filing: from here the retries come after 2 s, then 4 s more
  const filedAt = Date.now();

  // while it is down: sample each item's attempts (kept in Redis with the item) to see when retries happen
  const seen = new Map<string, { n: number; at: number[] }>();
  const delays = new Map<string, number>();
  const codes = ['pension_insurance', 'employment_registration', 'labor_filing', 'social_security_card', 'employment_certificate'] as const;
  const threeEach = () => ids.every((id) => ['pension_insurance', 'employment_registration', 'labor_filing'].every((c) => (seen.get(`${id}:${c}`)?.n ?? 0) >= 3));
  // down for DOWN_MS at least, and until every down item was tried three times (a loaded machine runs the queue late)
  while (Date.now() < downAt + DOWN_MS || (!threeEach() && Date.now() < filedAt + 25_000)) {
    // one round trip: each item's attempt counter (kept in its hash), and the retries waiting in the queue
    const p = h.stack.deps.redis.pipeline();
    for (const id of ids) for (const code of codes) p.hget(`${h.stack.deps.prefix}app:${id}:item:${code}`, 'attempts');
    const [counts] = await Promise.all([p.exec() as Promise<(string | number | null)[]>, scheduledDelays(h.stack.deps, delays)]);
    const now = Date.now();
    ids.forEach((id, i) =>
      codes.forEach((code, j) => {
        const k = `${id}:${code}`;
        const s = seen.get(k) ?? { n: 0, at: [] };
        for (; s.n < Number(counts[i * codes.length + j] ?? 0); s.n++) s.at.push(now);
        seen.set(k, s);
      }),
    );
    await new Promise((r) => setTimeout(r, 100));
  }
  const during = await truth(h.stack.deps, FAULT_USCC, [], { ledger: false });
  for (const id of ids) {
    const states = Object.fromEntries(during.items.get(id)!.map((i) => [i.code, i.state]));
    expect(states).toEqual({
      pension_insurance: 'processing',
      medical_insurance: 'done',
      employment_registration: 'processing',
      employment_certificate: 'submitted',
      labor_filing: 'processing',
      social_security_card: 'submitted',
      housing_fund_account: 'done',
    });
    // the dependents never called the department
    expect(attemptsByKey(spy.calls, `${id}:social_security_card:`)).toEqual([]);
    expect(attemptsByKey(spy.calls, `${id}:employment_certificate:`)).toEqual([]);
    expect([seen.get(`${id}:social_security_card`)!.n, seen.get(`${id}:employment_certificate`)!.n]).toEqual([0, 0]);
  }
  // backoff: each down item was tried at submit, then again 2 s later, then 4 s after that (the cap here), not in a loop
  const down = ids.flatMap((id) => ['pension_insurance', 'employment_registration', 'labor_filing'].map((item) => `${id}:${item}`));
  const gaps = down.map((k) => {
    const at = seen.get(k)!.at;
    return at.slice(1).map((t, i) => t - at[i]!);
  });
  for (const k of down) {
    const n = seen.get(k)!.n;
    expect(n).toBeGreaterThanOrEqual(3); // at filing, then after 2 s, then after 4 s more
    expect(n).toBeLessThanOrEqual(5); // not in a loop
    const at = seen.get(k)!.at;
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(2_500); // the second retry ~4 s after the first (as sampled)
    const scheduled = [1, 2, 3].map((a) => delays.get(`${k}:0:retry:${a}`)).filter((d) => d !== undefined);
    expect(scheduled.length).toBeGreaterThanOrEqual(2);
    scheduled.forEach((d, i) => expect(Math.abs(d! - [2_000, 4_000, 4_000][i]!)).toBeLessThanOrEqual(20));
  }
  const attemptsWhileDown = gaps.reduce((n, g) => n + g.length + 1, 0);
  // the circuit breaker keeps a down department from being hammered: fewer calls reached it than attempts were made
  const refusedWhileDown = spy.calls.filter((c) => c.sim === h.stack.simulators.hrss.name && c.status === 503).length;
  expect(refusedWhileDown).toBeGreaterThan(0);
  expect(refusedWhileDown).toBeLessThan(attemptsWhileDown);

  await h.sim('hrss', { down: false });
  const upAt = Date.now();
  const t = await untilAllDone(h.stack.deps, FAULT_USCC, N, 40_000, hires.map((x) => hmacId(x.person.documentNumber, h.stack.deps.keys)));
  const recoveredS = (Date.now() - upAt) / 1000;
  const attemptsPerItem = gaps.map((g) => g.length + 1);
  countScenario('department-down', {
    people: hires.map((x) => x.person),
    truth: t,
    calls: spy.calls,
    records: recordsDelta(before, recordCounts(h.stack)),
    keys: h.stack.deps.keys,
    extra: `人社 down ${Math.round((upAt - downAt) / 1000)} s: ${attemptsWhileDown} item attempts (${Math.min(...attemptsPerItem)}–${Math.max(...attemptsPerItem)} per item; retries scheduled after 2 s, 4 s, 4 s; observed gaps ${fmtGaps(gaps)}), ${refusedWhileDown} reached 人社 (the circuit breaker held back the rest), all done ${recoveredS.toFixed(1)} s after it returned`,
  });
});

function fmtGaps(gaps: number[][]): string {
  const first = gaps.map((g) => g[0]!);
  const second = gaps.map((g) => g[1]!);
  const s = (xs: number[]) => `${(Math.min(...xs) / 1000).toFixed(1)}–${(Math.max(...xs) / 1000).toFixed(1)} s`;
  return `${s(first)} then ${s(second)}`;
}
