/**
 * Property-based fuzzing of every endpoint (fast-check), against the whole
 * stack on a real Redis: for every route of functions/routes.ts and every
 * method it answers, near-valid requests broken in one certain way each
 * (requests.ts), sent with modest concurrency over keep-alive. For every
 * response: no 5xx; a refusal (every request is one, by construction: a 2xx
 * fails); a JSON body `{error: {code, message}}` with a Chinese message; for
 * VALIDATION_FAILED, per-field entries with an array `path` and a Chinese
 * message; the status the mutation calls for. Around each endpoint's batch,
 * a digest of every key under the stack's prefix (and of every file in the
 * local blob store) must not change.
 *
 *   FUZZ_RUNS         total requests (default 10,000, spread evenly over the endpoints)
 *   FUZZ_SEED         the seed (default: random, printed; every endpoint uses seed + its index)
 *   FUZZ_CONCURRENCY  requests in flight (default 8)
 *   FUZZ_ONLY         run only endpoints whose "METHOD /path" contains this text
 *   FUZZ_REDIS_DB     the logical Redis database of the suite's stack (default 13)
 *
 * Results and findings: tests/fuzz/RESULTS.md.
 */
import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { localToday, ZAppErrorCodeSchema } from '../../domain';
import { issueSessionToken } from '../../functions/auth/session';
import { DEV_CLERK } from '../../functions/local/stack';
import { ROUTES } from '../../functions/routes';
import { DEMO_ENTERPRISES, DEMO_PEOPLE } from '../../functions/simulators/dataset';
import { SIM_SUBSCRIBE_TEMPLATES } from '../../functions/simulators/wechat';
import { demoApplication, DEMO_PERSON, DEMO_USCC, type ApiClient } from '../integration/client';
import { employeeOf, hrOf, startHarness, TEST_REDIS_URL, waitFor, type THarness } from '../integration/harness';
import { diff, snapshot, type TSnapshot } from './digest';
import { ALL_METHODS, describeRequest, planEndpoint, refusedRequests, type TAuthMaterial, type TDraftRequest, type TEndpointPlan } from './requests';
import { createAgent, send, type TFuzzResponse } from './send';
import { FUZZ_SPECS, type TFuzzContext } from './specs';

const TOTAL = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CONCURRENCY = Math.max(1, Number(process.env.FUZZ_CONCURRENCY ?? 8));
const ONLY = process.env.FUZZ_ONLY;
/**
 * The same Redis, in a logical database of its own (FUZZ_REDIS_DB, default 13) under the harness's unique
 * prefix: the digest SCANs only this suite's keys, not a shared keyspace that a benchmark may have filled
 * with a million keys. Nothing is flushed; the harness deletes its prefix when done.
 */
function fuzzRedisUrl(): string {
  const url = new URL(TEST_REDIS_URL);
  url.pathname = `/${process.env.FUZZ_REDIS_DB ?? '13'}`;
  return url.toString();
}

/** Generated bodies/queries the oracle found valid are dropped; more than this share means the generators are wrong. */
const MAX_DROPPED_SHARE = 0.02;

jest.setTimeout(180_000);

/** Keys that may change while refused requests are answered (relative to the stack's prefix), each with its reason. */
const ALLOWED_CHANGES: { pattern: RegExp; reason: string }[] = [
  {
    pattern: /^rl:/,
    reason:
      'rate-limit windows (functions/ratelimit) count attempts, refused ones included: that is what they are for (failed clerk logins, floods of junk login codes, new Idempotency-Keys); they expire on their own',
  },
];

const CHINESE = /[\u4e00-\u9fff]/;

let h: THarness;
let ctx: TFuzzContext;
let auth: TAuthMaterial;
let agent: ReturnType<typeof createAgent>;
let setupMs = 0;
let fuzzMs = 0;
/** The methods each route answers, from its 405 `Allow` header. */
const allowedMethods = new Map<string, string[]>();
const summary: { endpoint: string; requests: number; statuses: Record<number, number>; primaries: Record<string, number>; dropped: number; seed: number }[] = [];

const PAIRS: [string, string][] = Object.entries(FUZZ_SPECS)
  .flatMap(([path, methods]) => Object.keys(methods).map((m): [string, string] => [path, m]))
  .filter(([path, m]) => !ONLY || `${m} ${path}`.includes(ONLY));
const PER_ENDPOINT = Math.ceil(TOTAL / Math.max(1, PAIRS.length));

function checkResponse(d: TDraftRequest, res: TFuzzResponse): string | undefined {
  if (res.status >= 500) return `answered ${res.status}: ${res.text.slice(0, 300)}`;
  if (res.status < 400) return `ACCEPTED (${res.status}) a request that must be refused: ${res.text.slice(0, 200)}`;
  if (!d.expect.includes(res.status) && res.status !== 429) return `answered ${res.status}, expected ${d.expect.join(' or ')}: ${res.text.slice(0, 300)}`;
  const body = res.json as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | undefined;
  if (!body?.error) return `a ${res.status} without a JSON {error} body: ${JSON.stringify(res.text.slice(0, 200))}`;
  const { code, message, fields } = body.error;
  if (!ZAppErrorCodeSchema.safeParse(code).success) return `unknown error code ${JSON.stringify(code)}`;
  if (typeof message !== 'string' || !CHINESE.test(message)) return `error message not in Chinese: ${JSON.stringify(message)}`;
  if (code === 'VALIDATION_FAILED' || fields !== undefined) {
    if (!Array.isArray(fields) || (code === 'VALIDATION_FAILED' && fields.length === 0)) return `${code} without per-field entries: ${res.text.slice(0, 300)}`;
    for (const f of fields as { path?: unknown; message?: unknown }[]) {
      if (!Array.isArray(f.path) || !f.path.every((k) => typeof k === 'string' || typeof k === 'number')) return `a field entry without an array path: ${JSON.stringify(f).slice(0, 200)}`;
      if (typeof f.message !== 'string' || !CHINESE.test(f.message)) return `a field message not in Chinese: ${JSON.stringify(f).slice(0, 200)}`;
    }
  }
  return undefined;
}

async function settled(): Promise<TSnapshot> {
  // the stack's background work (items, notifications, ledger export) has finished when nothing changes for a while
  let last = await snapshot(h.stack.backend, h.stack.env.KEY_PREFIX, h.blobDir);
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const next = await snapshot(h.stack.backend, h.stack.env.KEY_PREFIX, h.blobDir);
    if (diff(last, next).length === 0) return next;
    last = next;
  }
  throw new Error('the stack did not settle');
}

beforeAll(async () => {
  const started = Date.now();
  h = await startHarness(process.env.IT_BACKEND === 'memory' ? {} : { redisUrl: fuzzRedisUrl() });
  const base = h.stack.baseUrl;
  const uscc = DEMO_USCC;
  const usccB = DEMO_ENTERPRISES.buildingMaterials.uscc;
  const [hr, hrB, employee] = await Promise.all([hrOf(h, uscc), hrOf(h, usccB), employeeOf(h, DEMO_PERSON)]);
  const wechat = await h.api().login(`fuzz-${randomUUID()}`);
  const clerk = h.api();
  clerk.token = (await clerk.post('/api/auth/clerk-login', { username: DEV_CLERK.username, password: DEV_CLERK.password })).body.token;

  // a hire, filed, done, rated badly (so every path parameter has a real record behind it)
  const today = localToday();
  const ent = await hr.get(`/api/autofill/enterprise?uscc=${uscc}`);
  const person = await hr.get(`/api/autofill/person?idType=citizen_id&idNumber=${DEMO_PERSON.documentNumber}&name=${encodeURIComponent(DEMO_PERSON.name)}`);
  const application = demoApplication({ employer: ent.body.values, person: person.body.values }, today);
  const filingKey = randomUUID();
  const filed = await hr.post('/api/applications', application, { 'idempotency-key': filingKey });
  if (filed.status !== 201) throw new Error(`filing failed: ${JSON.stringify(filed.body).slice(0, 500)}`);
  const appId = filed.body.application.id as string;
  await waitFor(
    () => hr.get(`/api/applications/${appId}`),
    (r) => (r.body.items ?? []).every((i: { state: string }) => i.state === 'done'),
    60_000,
    300,
  );
  // a second hire, of a person insured by another employer: 社保参保 asks for a correction (补正)
  const insured = DEMO_PEOPLE.insuredElsewhere;
  const insuredFilled = await hr.get(`/api/autofill/person?idType=citizen_id&idNumber=${insured.documentNumber}&name=${encodeURIComponent(insured.name)}`);
  const pv = (k: string) => insuredFilled.body.values?.[k]?.value as string | undefined;
  const correctionApplication = demoApplication({ employer: ent.body.values, person: insuredFilled.body.values }, today, {
    employee: { documentNumber: insured.documentNumber, name: insured.name, education: pv('education') ?? '71', graduateSchool: pv('graduateSchool'), major: pv('major'), graduationDate: pv('graduationDate') },
  });
  const second = await hr.post('/api/applications', correctionApplication, { 'idempotency-key': randomUUID() });
  if (second.status !== 201) throw new Error(`the second filing failed: ${JSON.stringify(second.body).slice(0, 500)}`);
  const correctionAppId = second.body.application.id as string;
  await waitFor(
    () => hr.get(`/api/applications/${correctionAppId}`),
    (r) => (r.body.items ?? []).some((i: { code: string; state: string }) => i.code === 'pension_insurance' && i.state === 'needs_correction'),
    30_000,
    300,
  );
  const rated = await hr.post(`/api/applications/${appId}/rating`, { level: '不满意', comment: '窗口排队时间较长' });
  if (rated.status !== 201) throw new Error(`rating failed: ${rated.status} ${JSON.stringify(rated.body)}`);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const up = await hr.post('/api/materials', { kind: 'contract_scan', contentType: 'application/pdf', dataBase64: pdf.toString('base64') });
  if (up.status !== 201) throw new Error(`upload failed: ${up.status} ${JSON.stringify(up.body)}`);
  const consent = await hr.post('/api/materials/consent', { kind: 'id_photo', noticeVersion: '2026-11-v1', accepted: true });
  if (consent.status !== 200 && consent.status !== 201) throw new Error(`consent failed: ${consent.status} ${JSON.stringify(consent.body)}`);
  const profile = await hr.get('/api/enterprise/profile');
  const inbox = await waitFor(() => hr.get('/api/me/messages'), (r) => (r.body.items ?? []).length > 0, 20_000, 300);

  ctx = {
    uscc,
    usccB,
    person: DEMO_PERSON,
    personB: DEMO_PEOPLE.employeeB,
    today,
    appId,
    application,
    materialId: up.body.materialId,
    memberId: (profile.body.members as { member: string; you: boolean }[]).find((m) => m.you)!.member,
    inboxIds: (inbox.body.items as { id: string }[]).map((m) => m.id),
    templateId: SIM_SUBSCRIBE_TEMPLATES.progress,
    correctionAppId,
    correctionApplication: JSON.parse(JSON.stringify(correctionApplication)) as TFuzzContext['correctionApplication'],
    filingKey,
    cardQrSecret: h.stack.deps.card.qrSecret,
  };

  const secret = h.stack.env.SESSION_SECRET;
  const token = (c: ApiClient) => c.token!;
  const forged = issueSessionToken({ sub: 'clerk:clerk01', kind: 'clerk' }, Buffer.alloc(32, 7).toString('base64'), 3600).token;
  const expired = issueSessionToken({ sub: 'clerk:clerk01', kind: 'clerk' }, secret, 60, Date.now() - 7_200_000).token;
  const goneClerk = issueSessionToken({ sub: 'clerk:nobody', kind: 'clerk' }, secret, 3600).token;
  const valid = token(hr);
  auth = {
    tokens: { wechat: token(wechat), hr: valid, hrB: token(hrB), employee: token(employee), clerk: token(clerk) },
    badAuthorizations: {
      'no Authorization header': undefined,
      'an empty Authorization header': '',
      'Bearer without a token': 'Bearer',
      'a garbage token': 'Bearer garbage',
      'three garbage segments': 'Bearer a.b.c',
      'a token signed with another secret': `Bearer ${forged}`,
      'an expired token': `Bearer ${expired}`,
      'a token of a clerk account that does not exist': `Bearer ${goneClerk}`,
      'a token with its signature cut': `Bearer ${valid.slice(0, -6)}`,
      'a token with an altered payload': `Bearer ${valid.split('.')[0]}.${Buffer.from('{"sub":"clerk:clerk01","kind":"clerk","exp":9999999999}').toString('base64url')}.${valid.split('.')[2]}`,
      'Basic credentials': 'Basic Y2xlcmswMTp3aW5kb3ctMjAyNg==',
      'the token without Bearer': valid,
      'two tokens': `Bearer ${valid} ${valid}`,
      'a token with a NUL-like escape': `Bearer ${valid}%00`,
    },
    terminal: {
      good: `Terminal ${h.stack.devTerminal.id}:${h.stack.devTerminal.key}`,
      bad: {
        'no Authorization header': undefined,
        'a wrong key': `Terminal ${h.stack.devTerminal.id}:${createHash('sha256').update('wrong').digest('base64url')}`,
        'an unknown terminal': `Terminal T-NOBODY-0001:${h.stack.devTerminal.key}`,
        'no key': `Terminal ${h.stack.devTerminal.id}`,
        'a session token instead': `Bearer ${valid}`,
        'garbage': 'Terminal :::',
      },
    },
    queue: { publicBaseUrl: h.stack.env.PUBLIC_BASE_URL, currentKey: h.stack.env.QSTASH_CURRENT_SIGNING_KEY },
  };

  agent = createAgent(CONCURRENCY);
  // which methods each route answers: its 405 says (Allow)
  for (const r of ROUTES) {
    const res = await send(base, agent, { method: 'PATCH', path: r.path.replace(/:([a-zA-Z]+)/g, 'x'), headers: [] });
    allowedMethods.set(r.path, String(res.headers.allow ?? '').split(/,\s*/).filter(Boolean));
  }

  // nothing in the background may change storage while refused requests are sent
  await h.stack.dispatcher.stop();
  await h.stack.themeExporter.stop();
  await h.stack.checkpointer.stop();
  await settled();
  setupMs = Date.now() - started;
  process.stdout.write(`fuzz: seed ${SEED}, ${PAIRS.length} endpoints × ${PER_ENDPOINT} requests, concurrency ${CONCURRENCY}; reproduce with FUZZ_SEED=${SEED}\n`);
}, 120_000);

afterAll(async () => {
  agent?.destroy();
  if (summary.length) {
    const statuses: Record<number, number> = {};
    const primaries: Record<string, number> = {};
    for (const s of summary) {
      for (const [k, v] of Object.entries(s.statuses)) statuses[Number(k)] = (statuses[Number(k)] ?? 0) + v;
      for (const [k, v] of Object.entries(s.primaries)) primaries[k] = (primaries[k] ?? 0) + v;
    }
    const total = summary.reduce((n, s) => n + s.requests, 0);
    const lines = [
      `fuzz summary — seed ${SEED} (FUZZ_SEED=${SEED} FUZZ_RUNS=${TOTAL} FUZZ_CONCURRENCY=${CONCURRENCY})`,
      `requests: ${total} over ${summary.length} endpoints in ${(fuzzMs / 1000).toFixed(1)} s (${Math.round(total / (fuzzMs / 1000))} requests/s; setup ${(setupMs / 1000).toFixed(1)} s)`,
      `statuses: ${Object.entries(statuses).map(([k, v]) => `${k}×${v}`).join(' ')}`,
      `mutations: ${Object.entries(primaries).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}×${v}`).join(' ')}`,
      ...summary.map((s) => `  ${s.endpoint.padEnd(52)} ${String(s.requests).padStart(5)}  ${Object.entries(s.statuses).map(([k, v]) => `${k}×${v}`).join(' ')}${s.dropped ? `  (dropped ${s.dropped} valid)` : ''}`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
  await h?.close();
});

describe('fuzz coverage', () => {
  it('has a fuzz description for every route and exactly the methods it answers', () => {
    const missing = ROUTES.filter((r) => !FUZZ_SPECS[r.path]).map((r) => r.path);
    expect(missing).toEqual([]);
    const stale = Object.keys(FUZZ_SPECS).filter((p) => !ROUTES.some((r) => r.path === p));
    expect(stale).toEqual([]);
    for (const r of ROUTES) {
      expect([r.path, Object.keys(FUZZ_SPECS[r.path] ?? {}).sort()]).toEqual([r.path, [...(allowedMethods.get(r.path) ?? [])].sort()]);
    }
  });

  it(`sends at least 10,000 requests by default (FUZZ_RUNS=${TOTAL})`, () => {
    if (process.env.FUZZ_RUNS === undefined && !ONLY) expect(PER_ENDPOINT * PAIRS.length).toBeGreaterThanOrEqual(10_000);
  });
});

describe('every endpoint refuses malformed requests', () => {
  it.each(PAIRS.map(([p, m], i) => [`${m} ${p}`, p, m, i] as const))('%s', async (_name, path, method, index) => {
    const spec = FUZZ_SPECS[path]![method as 'GET']!;
    const plan: TEndpointPlan = planEndpoint(path, method, spec, allowedMethods.get(path) ?? [...ALL_METHODS], ctx);
    const arb = refusedRequests(plan, ctx, auth);
    const seed = SEED + index;
    const stats = { endpoint: `${method} ${path}`, requests: 0, statuses: {} as Record<number, number>, primaries: {} as Record<string, number>, dropped: 0, seed };
    const before = await snapshot(h.stack.backend, h.stack.env.KEY_PREFIX, h.blobDir);
    const started = Date.now();

    const result = await fc.check(
      fc.asyncProperty(fc.array(arb, { minLength: CONCURRENCY, maxLength: CONCURRENCY }), async (batch) => {
        const responses = await Promise.all(batch.map((d) => send(h.stack.baseUrl, agent, d.request).catch((e: unknown) => ({ failed: String((e as Error)?.message ?? e) }))));
        const failures: string[] = [];
        responses.forEach((res, i) => {
          const d = batch[i]!;
          stats.requests++;
          stats.primaries[d.primary] = (stats.primaries[d.primary] ?? 0) + 1;
          if ('failed' in res) {
            failures.push(`no answer (${res.failed}) to:\n  ${describeRequest(d)}`);
            return;
          }
          stats.statuses[res.status] = (stats.statuses[res.status] ?? 0) + 1;
          const problem = checkResponse(d, res);
          if (problem) failures.push(`${problem}\n  to: ${describeRequest(d)}`);
        });
        if (failures.length) throw new Error(failures.join('\n\n'));
      }),
      { numRuns: Math.ceil(PER_ENDPOINT / CONCURRENCY), seed, maxSkipsPerRun: 100 },
    );
    fuzzMs += Date.now() - started;
    stats.dropped = plan.dropped.count;
    summary.push(stats);
    if (result.failed) {
      const message = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
      throw new Error(`${method} ${path} — seed ${seed}, path ${result.counterexamplePath}; the shrunk failure:\n${message.slice(0, 6_000)}`);
    }

    const after = await snapshot(h.stack.backend, h.stack.env.KEY_PREFIX, h.blobDir);
    const changes = diff(before, after).filter((c) => !ALLOWED_CHANGES.some((a) => a.pattern.test(c.key.slice(h.stack.env.KEY_PREFIX.length))));
    expect(changes.map((c) => `${c.change} ${c.key.slice(h.stack.env.KEY_PREFIX.length)}`)).toEqual([]);
    expect(stats.requests).toBeGreaterThanOrEqual(PER_ENDPOINT);
    // a rate limit may refuse, but must not stand in for the checks being fuzzed
    expect(stats.statuses[429] ?? 0).toBeLessThanOrEqual(stats.requests * 0.05);
    // generators that often make valid requests would test less than they claim
    expect(plan.dropped.count).toBeLessThanOrEqual(Math.max(3, MAX_DROPPED_SHARE * stats.requests));
  });

  it('has a digest that sees what an accepted request stores (the control)', async () => {
    const before = await snapshot(h.stack.backend, h.stack.env.KEY_PREFIX, h.blobDir);
    const res = await send(h.stack.baseUrl, agent, {
      method: 'PUT',
      path: '/api/enterprise/profile',
      headers: [
        ['content-type', 'application/json'],
        ['authorization', `Bearer ${auth.tokens.hr}`],
      ],
      body: JSON.stringify({ employerRateBp: 1100 }),
    });
    expect(res.status).toBe(200);
    const after = await snapshot(h.stack.backend, h.stack.env.KEY_PREFIX, h.blobDir);
    expect(diff(before, after).map((c) => c.key.slice(h.stack.env.KEY_PREFIX.length))).toContain(`ent:${ctx.uscc}`);
  });

  it('left Object.prototype unpolluted', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
