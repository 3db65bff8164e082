/**
 * Fault: the process is killed (SIGKILL) in the middle of processing.
 *
 * The stack runs as a child process (tests/faults/stack-child.ts) on the real
 * Redis under a fixed key prefix and fixed secrets. The outside systems whose
 * records are the truth — 人社, 医保, 公积金中心, WeChat, the 主题库, the
 * 电子证照库 — run HERE, in the test's process, so they outlive the kill
 * (the child's adapters point at them). N hires are filed concurrently with
 * 公积金中心 down (so retries wait in the durable queue) and the card and
 * certificate being made (so polls are in flight); the child is killed the
 * moment the first filing is answered — others are mid-request, stored or
 * not, their items run or not. A new child starts with the same prefix and
 * secrets; the client sends every unanswered filing again with the same
 * Idempotency-Key (as the mini-program does from the draft it kept).
 *
 * Counted from the truth: applications in Redis (one per person), item
 * states in Redis, each department's records and answers (one record per
 * item and variant), the 主题库 (exactly the ledger, each event once), the
 * 电子证照库 (each licence once), and the HR contact's inbox and WeChat
 * deliveries (each notification in the inbox once, delivered at most once).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { ITEM_CATALOG } from '../../domain';
import { SAFETY_NET_DELAY_SECONDS } from '../../functions/applications/run-items';
import { createLocalServer, freePort, listen } from '../../functions/local/server';
import { generateDevSecrets } from '../../functions/local/stack';
import { generousRateLimits } from '../../functions/ratelimit/testing';
import { PEOPLE } from '../../functions/simulators/dataset';
import { createHousingFundSimulator, createHrssSimulator, createMedicalInsuranceSimulator } from '../../functions/simulators/departments';
import type { TSimulator } from '../../functions/simulators/framework';
import { createLicenceLibrarySimulator } from '../../functions/simulators/licence-library';
import { createThemeDbSimulator } from '../../functions/simulators/theme-db';
import { createWeChatSimulator, simulatedOpenid } from '../../functions/simulators/wechat';
import { ApiClient, type TApiResponse } from '../integration/client';
import { TEST_REDIS_URL, waitFor } from '../integration/harness';
import { recordsFor, WRITES_PER_HIRE, type TRecordCounts } from './expect';
import { departmentWrites, FAULT_USCC, hirablePeople, scenarioLine, spySimulators } from './support';

jest.setTimeout(180_000);

const N = 10;
const ROOT = path.resolve(__dirname, '../..');


function startChild(config: object): Promise<{ child: ChildProcess; baseUrl: string; stderr: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/faults/stack-child.ts'], {
    cwd: ROOT,
    env: { ...process.env, FAULT_CHILD_CONFIG: JSON.stringify(config), NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start: ${stderr.join('').slice(-2000)}`)), 60_000);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, baseUrl: m[1]!, stderr });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited ${code}: ${stderr.join('').slice(-2000)}`));
    });
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

let redis: Redis;
let outside: ReturnType<typeof createLocalServer>;
let children: ChildProcess[] = [];
let keyPrefix: string;
let blobDir: string;
afterAll(async () => {
  await Promise.all(children.map(killed));
  if (redis) {
    // remove what the children wrote (the harness's rule: a unique prefix, removed when done)
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  }
  outside?.closeAllConnections();
  await new Promise<void>((r) => (outside ? outside.close(() => r()) : r()));
  if (blobDir) await rm(blobDir, { recursive: true, force: true });
});

it('SIGKILL mid-submit and mid-queue: a new process resumes, 0 lost, 0 duplicated', async () => {
  // the outside systems, here, so that they survive the kill
  const hrss = createHrssSimulator({ insuredElsewhere: PEOPLE.filter((p) => p.insuredElsewhere).map((p) => p.documentNumber), cardStageMs: 400, certificateDelayMs: 1_500 });
  const medical = createMedicalInsuranceSimulator({});
  const housingFund = createHousingFundSimulator({});
  const wechat = createWeChatSimulator({});
  const themeDb = createThemeDbSimulator({});
  const licences = createLicenceLibrarySimulator({});
  const sims: TSimulator[] = [hrss, medical, housingFund, wechat, themeDb, licences];
  outside = createLocalServer({ mounts: sims });
  const outsidePort = await listen(outside, 0, '127.0.0.1');
  const o = `http://127.0.0.1:${outsidePort}`;
  const themeToken = randomBytes(24).toString('base64url');
  themeDb.configure({ token: themeToken });
  const spy = spySimulators([hrss, medical, housingFund]);

  keyPrefix = `fk${randomBytes(4).toString('hex')}:`;
  blobDir = await mkdtemp(path.join(tmpdir(), 'hire-once-kill-'));
  redis = new Redis(TEST_REDIS_URL);
  const config = {
    redisUrl: TEST_REDIS_URL,
    keyPrefix,
    port: await freePort(),
    secrets: generateDevSecrets(),
    blobDir,
    overrides: {
      HRSS_API_BASE_URL: `${o}${hrss.prefix}`,
      MEDICAL_API_BASE_URL: `${o}${medical.prefix}`,
      HOUSING_FUND_API_BASE_URL: `${o}${housingFund.prefix}`,
      WECHAT_API_BASE_URL: `${o}${wechat.prefix}`,
      THEME_DB_API_BASE_URL: `${o}${themeDb.prefix}`,
      THEME_DB_API_TOKEN: themeToken,
      LICENCE_LIBRARY_API_BASE_URL: `${o}${licences.prefix}`,
      RATE_LIMITS: generousRateLimits(),
    },
  };

  let first = await startChild(config);
  children.push(first.child);
  const code = `hr-kill-${randomUUID().slice(0, 8)}`;
  const hr = await new ApiClient(first.baseUrl).login(code);
  expect((await hr.bindEnterprise(FAULT_USCC)).status).toBe(200);
  // N consents for each template: a notification sent twice would be delivered twice, and counted
  for (let i = 0; i < N; i++) {
    const view = await hr.get('/api/notifications/subscriptions');
    const answers = Object.fromEntries(view.body.templates.slice(0, 3).map((t: { templateId: string }) => [t.templateId, 'accept']));
    await fetch(`${o}${wechat.prefix}/_dev/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, answers }) });
    expect((await hr.post('/api/notifications/subscriptions', { requestId: `req-${randomUUID()}`, trigger: 'submit', answers })).status).toBe(200);
  }

  // 公积金中心 down: its items wait in the durable queue; the card and certificate are being made
  housingFund.switches.down = true;
  const hires = hirablePeople(N, 200).map((x) => ({ ...x, key: `kill-${randomUUID()}` }));
  const answers = new Map<string, number[]>();
  let killedAt = 0;
  const kill = async () => {
    if (killedAt) return;
    killedAt = Date.now();
    await killed(first.child);
  };
  const post = async (h: (typeof hires)[number]): Promise<TApiResponse> => {
    try {
      return await hr.post('/api/applications', h.body, { 'idempotency-key': h.key });
    } catch {
      return { status: 0, body: undefined, headers: new Headers() }; // the process died under the request
    }
  };
  const round1 = await Promise.all(
    hires.map(async (h, i) => {
      await new Promise((r) => setTimeout(r, i * 60));
      const res = killedAt ? { status: 0, body: undefined, headers: new Headers() } : await post(h);
      answers.set(h.key, [res.status]);
      void kill();
      return res;
    }),
  );
  await kill();
  const answeredBeforeKill = round1.filter((r) => r.status >= 200 && r.status < 300).length;

  // what the dead process left behind
  const storedAtKill = await redis.zcard(`${keyPrefix}ent:${FAULT_USCC}:apps`);
  const queuedAtKill = await redis.zcard(`${keyPrefix}q:due`);

  // a new process, same prefix and secrets; 公积金中心 back a moment later
  first = await startChild(config);
  children.push(first.child);
  const restartedAt = Date.now();
  expect(first.baseUrl).toBe(hr.baseUrl); // the same port: queue deliveries are signed for the same URL
  housingFund.switches.down = false;
  // the client: every filing without a 2xx, again, with the same key and body
  let pending = hires.filter((h) => !(answers.get(h.key)![0]! >= 200 && answers.get(h.key)![0]! < 300));
  for (let round = 0; pending.length && round < 10; round++) {
    const res = await Promise.all(pending.map(post));
    res.forEach((r, i) => answers.get(pending[i]!.key)!.push(r.status));
    pending = pending.filter((_, i) => !(res[i]!.status >= 200 && res[i]!.status < 300));
    if (pending.length) await new Promise((r) => setTimeout(r, 1_000));
  }
  expect(pending).toEqual([]);

  // the truth in Redis: one application per person, seven items done each
  const itemStates = async () => {
    const ids = (await redis.zrange(`${keyPrefix}ent:${FAULT_USCC}:apps`, 0, -1)) as string[];
    const states = new Map<string, string[]>();
    for (const id of ids) states.set(id, await Promise.all(ITEM_CATALOG.map(async (i) => (await redis.hget(`${keyPrefix}app:${id}:item:${i.code}`, 'state')) ?? 'missing')));
    return { ids, states };
  };
  const done = await waitFor(itemStates, (s) => s.ids.length >= N && [...s.states.values()].every((st) => st.every((x) => x === 'done')), 60_000, 300);
  const recoveredS = (Date.now() - restartedAt) / 1000;
  const persons = await Promise.all(done.ids.map(async (id) => (JSON.parse((await redis.get(`${keyPrefix}app:${id}`))!) as { personIdHmac: string }).personIdHmac));
  const itemsDone = [...done.states.values()].reduce((n, st) => n + st.filter((x) => x === 'done').length, 0);

  // the departments: one record per item and variant, one answer per requestId
  const writes = departmentWrites(spy.calls, done.ids);
  const h2 = hrss.counts();
  const records: TRecordCounts = { ...h2, medical: medical.counts().enrolments, housingFund: housingFund.counts().accounts };

  // the 主题库 holds exactly the ledger; the 电子证照库 each licence once
  const health = await waitFor(
    async () => ({ h: (await new ApiClient(first.baseUrl).get('/api/health')).body, sink: themeDb.received() }),
    (v) => v.h?.themeDb?.ledgerSize > 0 && v.sink.length === v.h.themeDb.ledgerSize,
    // a process killed in the middle of an export holds its lease (theme:lock, 15 s, renewed per batch) until it expires
    75_000,
    300,
  );
  const themeSyncedS = (Date.now() - restartedAt) / 1000;
  const sinkIds = health.sink.map((e) => e.id);
  const filedEvents = health.sink.filter((e) => e.type === 'application.filed' && done.ids.includes(e.id.split(':')[0]!)).length;
  // each electronic licence once: a licence whose item was finished by the killed process just before it could
  // queue the push is pushed when the filing's safety-net message runs the application again (30 s after filing)
  const licenceStats = await waitFor(
    async () => licences.stats(),
    (s) => s.licences >= 2 * N,
    (SAFETY_NET_DELAY_SECONDS + 15) * 1000,
    300,
  );
  const licencesS = (Date.now() - restartedAt) / 1000;

  // the HR contact's inbox (2 notifications per hire) and WeChat's deliveries (at most one per notification)
  const inbox = await waitFor(
    async () => ((await hr.get('/api/me/messages?limit=50')).body.items ?? []) as { id: string; title: string; template: string; push: string; applicationId: string }[],
    // every hire's 全部办结 is there (its 已受理 one too, unless the crash came before it was queued: then the
    // HR contact is told the most significant milestone reached, in one message — milestones.ts)
    (items) => done.ids.every((id) => items.some((m) => m.id === `${id}:all_done`)),
    30_000,
    300,
  );
  await new Promise((r) => setTimeout(r, 1_000)); // a send still in flight would arrive now
  const delivered = wechat.messages(simulatedOpenid(code));
  const perNotification = new Map<string, number>();
  for (const m of delivered) perNotification.set(`${m.page}|${m.templateId}`, (perNotification.get(`${m.page}|${m.templateId}`) ?? 0) + 1);

  const expected = recordsFor(N);
  const duplicates =
    Math.max(0, done.ids.length - N) +
    (persons.length - new Set(persons).size) +
    writes.conflicting.length +
    writes.twice.length +
    Object.entries(records).reduce((n, [k, v]) => n + Math.max(0, v - expected[k as keyof TRecordCounts]), 0) +
    (sinkIds.length - new Set(sinkIds).size) +
    (licenceStats.created - licenceStats.licences) +
    (inbox.length - new Set(inbox.map((m) => m.id)).size) +
    done.ids.reduce((n, id) => n + Math.max(0, inbox.filter((m) => m.applicationId === id && m.template === 'done').length - 1) + Math.max(0, inbox.filter((m) => m.applicationId === id && m.template === 'progress').length - 1), 0) +
    [...perNotification.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
  const lost =
    Math.max(0, N - new Set(persons).size) +
    (7 * done.ids.length - itemsDone) +
    Math.max(0, WRITES_PER_HIRE * N - writes.requestIds) +
    Object.entries(records).reduce((n, [k, v]) => n + Math.max(0, expected[k as keyof TRecordCounts] - v), 0) +
    Math.max(0, N - filedEvents) +
    Math.max(0, 2 * N - licenceStats.licences) +
    done.ids.filter((id) => !inbox.some((m) => m.id === `${id}:all_done`)).length;
  const pushStates = inbox.reduce<Record<string, number>>((m, x) => ((m[x.push] = (m[x.push] ?? 0) + 1), m), {});
  scenarioLine('process-killed', {
    filed: N,
    stored: done.ids.length,
    itemsDone,
    duplicates,
    lost,
    extra: `killed with ${N - answeredBeforeKill} of ${N} filings unanswered, ${storedAtKill} stored and ${queuedAtKill} queue messages pending at the kill; all done ${recoveredS.toFixed(1)} s after the restart; ledger ${health.sink.length} events in the 主题库 (distinct ${new Set(sinkIds).size}, in sync ${themeSyncedS.toFixed(1)} s after the restart); licences ${licenceStats.licences} (all ${licencesS.toFixed(1)} s after the restart); inbox ${inbox.length} (${N} 全部办结, ${inbox.length - N} 已受理; push ${JSON.stringify(pushStates)}), WeChat delivered ${delivered.length}`,
  });

  expect(new Set(persons).size).toBe(N);
  expect(done.ids).toHaveLength(N);
  expect(itemsDone).toBe(7 * N);
  expect({ conflicting: writes.conflicting, twice: writes.twice }).toEqual({ conflicting: [], twice: [] });
  expect(writes.requestIds).toBe(WRITES_PER_HIRE * N);
  expect(records).toEqual(expected);
  expect(new Set(sinkIds).size).toBe(sinkIds.length);
  expect(filedEvents).toBe(N);
  expect([licenceStats.licences, licenceStats.created]).toEqual([2 * N, 2 * N]);
  expect(done.ids.filter((id) => !inbox.some((m) => m.id === `${id}:all_done`))).toEqual([]);
  expect(inbox.length).toBeGreaterThanOrEqual(N);
  expect(inbox.length).toBeLessThanOrEqual(2 * N);
  expect(new Set(inbox.map((m) => m.id)).size).toBe(inbox.length);
  expect([...perNotification.values()].every((c) => c === 1)).toBe(true);
  expect([duplicates, lost]).toEqual([0, 0]);
});
