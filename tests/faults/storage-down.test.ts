/**
 * Fault: storage goes away in the middle of submits.
 *
 * (1) Redis: a TCP proxy sits between the stack's gateway and the real Redis;
 *     N hires are filed concurrently and the proxy is cut (every socket
 *     destroyed, new ones reset) while they are in flight.
 * (2) The gateway: the same proxy sits between the API and the gateway
 *     (UPSTASH_REDIS_REST_URL), and is cut the same way.
 *
 * Every answer is a 2xx or a 503 with Retry-After (never a 500, never a
 * hang); after the outage every request that did not get a 2xx is sent
 * again with the SAME Idempotency-Key and body, as the mini-program does
 * from the draft it kept; then exactly one application per key, every item
 * done, every department record made once.
 */
import { randomUUID } from 'node:crypto';
import { hmacId } from '../../functions/lib/crypto';
import type { ApiClient, TApiResponse } from '../integration/client';
import { hrOf, startHarness, TEST_REDIS_URL, type THarness } from '../integration/harness';
import { countScenario, recordCounts, recordsDelta } from './expect';
import { FAULT_USCC, hirablePeople, spySimulators, startTcpProxy, untilAllDone, type TTcpProxy } from './support';
import { freePort } from '../../functions/local/server';

jest.setTimeout(90_000);

const N = 16;
/** No answer may take longer than this, outage or not. */
const ANSWER_BOUND_MS = 15_000;


interface TAttempt {
  status: number;
  ms: number;
  retryAfter: string | null;
  code?: string;
}

async function timed(fn: () => Promise<TApiResponse>): Promise<{ res: TApiResponse; attempt: TAttempt }> {
  const t = performance.now();
  let res: TApiResponse;
  try {
    res = await fn();
  } catch (error) {
    // the API itself unreachable would be a finding: count it as a non-answer
    res = { status: 0, body: { error: String(error) }, headers: new Headers() };
  }
  return { res, attempt: { status: res.status, ms: performance.now() - t, retryAfter: res.headers.get('retry-after'), code: res.body?.error?.code } };
}

/**
 * Files N hires, one every 40 ms, and cuts the proxy the moment the first
 * one is answered (so others are in flight: stored or not, items run or
 * not); restores it `outageMs` later, then resubmits what did not get a
 * 2xx, with the same key and body, until everything is filed.
 */
async function fileThroughOutage(hr: ApiClient, proxy: TTcpProxy, offset: number, outageMs: number) {
  const hires = hirablePeople(N, offset).map((h) => ({ ...h, key: `fault-${randomUUID()}` }));
  const attempts: TAttempt[] = [];
  let cutAt = 0;
  const cut = () => {
    if (cutAt) return;
    cutAt = Date.now();
    proxy.cut();
  };
  const fallback = setTimeout(cut, 3_000);
  const first = await Promise.all(
    hires.map(async (h, i) => {
      await new Promise((r) => setTimeout(r, i * 40));
      const { res, attempt } = await timed(() => hr.post('/api/applications', h.body, { 'idempotency-key': h.key }));
      cut();
      attempts.push(attempt);
      return { ...h, res };
    }),
  );
  clearTimeout(fallback);
  const firstRound = { ok: first.filter((f) => f.res.status >= 200 && f.res.status < 300).length, unavailable: first.filter((f) => f.res.status === 503).length };
  const outageLeft = Math.max(0, cutAt + outageMs - Date.now());
  await new Promise((r) => setTimeout(r, outageLeft));
  proxy.restore();
  const restoredAt = Date.now();

  // the client's retries: the same key and body, until a 2xx
  let pending = first.filter((f) => !(f.res.status >= 200 && f.res.status < 300));
  let rounds = 0;
  const answers = new Map<string, number[]>();
  for (const f of first) answers.set(f.key, [f.res.status]);
  while (pending.length && rounds < 10) {
    rounds++;
    const again = await Promise.all(
      pending.map(async (f) => {
        const { res, attempt } = await timed(() => hr.post('/api/applications', f.body, { 'idempotency-key': f.key }));
        attempts.push(attempt);
        answers.get(f.key)!.push(res.status);
        return { ...f, res };
      }),
    );
    pending = again.filter((f) => !(f.res.status >= 200 && f.res.status < 300));
    if (pending.length) await new Promise((r) => setTimeout(r, 1000));
  }
  return { hires, attempts, firstRound, restoredAt, answers, rounds, pending: pending.length };
}

function expectOnlyOkOr503(attempts: TAttempt[]) {
  const bad = attempts.filter((a) => !((a.status >= 200 && a.status < 300) || (a.status === 503 && a.retryAfter !== null && Number(a.retryAfter) > 0)));
  expect(bad).toEqual([]);
  expect(attempts.filter((a) => a.status === 503).every((a) => a.code === 'STORAGE_UNAVAILABLE')).toBe(true);
  expect(Math.max(...attempts.map((a) => a.ms))).toBeLessThan(ANSWER_BOUND_MS);
}

describe('fault: storage goes away mid-submit', () => {
  let h: THarness | undefined;
  let proxy: TTcpProxy | undefined;
  afterEach(async () => {
    proxy?.restore();
    await h?.close();
    await proxy?.close();
    h = undefined;
    proxy = undefined;
  });

  it('Redis cut: 503 with Retry-After, then the same keys file each hire exactly once and finish it', async () => {
    proxy = await startTcpProxy(TEST_REDIS_URL);
    h = await startHarness({ redisUrl: proxy.url, retryMaxSeconds: 2 });
    await fileCutAndCount('redis-down-mid-submit', 0);
  });

  it('gateway unreachable: the same, with the API cut off from the storage gateway', async () => {
    const port = await freePort();
    proxy = await startTcpProxy(`tcp://127.0.0.1:${port}`);
    h = await startHarness({ port, retryMaxSeconds: 2, overrides: { UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${proxy.port}/_redis` } });
    await fileCutAndCount('gateway-down-mid-submit', N);
  });

  /** Files N hires through the cut (people from `offset`), resubmits what failed with the same keys, counts the truth. */
  async function fileCutAndCount(scenario: string, offset: number): Promise<void> {
    const hr = await hrOf(h!, FAULT_USCC);
    const spy = spySimulators([h!.stack.simulators.hrss, h!.stack.simulators.medical, h!.stack.simulators.housingFund]);
    const before = recordCounts(h!.stack);

    const run = await fileThroughOutage(hr, proxy!, offset, 2_000);
    expect(run.firstRound.unavailable).toBeGreaterThan(0); // the outage was felt
    expect(run.pending).toBe(0);
    expectOnlyOkOr503(run.attempts);

    const t = await untilAllDone(h!.stack.deps, FAULT_USCC, N, 45_000, run.hires.map((x) => hmacIdOf(h!, x.person.documentNumber)));
    const unavailable = run.attempts.filter((a) => a.status === 503);
    countScenario(scenario, {
      people: run.hires.map((x) => x.person),
      truth: t,
      calls: spy.calls,
      records: recordsDelta(before, recordCounts(h!.stack)),
      keys: h!.stack.deps.keys,
      extra: `answers ${run.attempts.length} (503 ${unavailable.length}, max ${Math.round(Math.max(...run.attempts.map((a) => a.ms)))} ms), first round 2xx ${run.firstRound.ok}, retry rounds ${run.rounds}, all done ${Math.round((Date.now() - run.restoredAt) / 100) / 10} s after restore`,
    });
  }
});

function hmacIdOf(h: THarness, documentNumber: string): string {
  return hmacId(documentNumber, h.stack.deps.keys);
}
