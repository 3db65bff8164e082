/**
 * The subscribe-message quota ledger's Lua on both backends: each accepted
 * template adds one, a retried report adds nothing, refusals add nothing,
 * and a user can only report templates meant for their role.
 */
import { AppError } from '../../domain';
import type { TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { startTestStore, type TTestStore } from '../storage/testing';
import { recordSubscribeReport, REPORT_LOG_LENGTH, subscriptionsOf } from './subscriptions';

const TEMPLATES = { progress: 'tplProgress001', done: 'tplDone00001', correction: 'tplCorrect01', cardProgress: 'tplCard00001' };
const session = { sub: 'x', kind: 'wechat', exp: 0 } as never;
const hr = (sub: string): TPrincipal => ({ session, sub, hr: { uscc: '91150302MA0N1A2B37' } });
const employee = (sub: string): TPrincipal => ({ session, sub, employee: { idHmac: 'h', idEnc: 'e', name: '测试' } });

describe.each(['memory', 'redis'] as const)('subscribe quota on %s', (backend) => {
  let s: TTestStore;
  let deps: TDeps;
  beforeAll(async () => {
    s = await startTestStore({ backend });
    deps = { redis: s.redis, prefix: s.prefix, subscribeTemplates: TEMPLATES, now: () => new Date('2026-11-26T02:00:00Z') } as unknown as TDeps;
  });
  afterAll(() => s.close());

  const remaining = (v: { templates: { key: string; remaining: number }[] }) => Object.fromEntries(v.templates.map((t) => [t.key, t.remaining]));

  it('adds one per accepted template, nothing for refusals, and nothing again for the same report', async () => {
    const p = hr('oHR-1');
    expect(remaining(await subscriptionsOf(deps, p))).toEqual({ progress: 0, done: 0, correction: 0 });
    const report = { requestId: 'req-00000001', trigger: 'submit' as const, answers: { tplProgress001: 'accept' as const, tplDone00001: 'accept' as const, tplCorrect01: 'reject' as const } };
    const first = await recordSubscribeReport(deps, p, report);
    expect(first.counted).toBe(true);
    expect(remaining(first)).toEqual({ progress: 1, done: 1, correction: 0 });
    const again = await recordSubscribeReport(deps, p, report);
    expect(again.counted).toBe(false);
    expect(remaining(again)).toEqual({ progress: 1, done: 1, correction: 0 });
    const next = await recordSubscribeReport(deps, p, { ...report, requestId: 'req-00000002', answers: { tplProgress001: 'accept', tplDone00001: 'ban', tplCorrect01: 'filter' } });
    expect(remaining(next)).toEqual({ progress: 2, done: 1, correction: 0 });
    // another user's quota is their own
    expect(remaining(await subscriptionsOf(deps, hr('oHR-2')))).toEqual({ progress: 0, done: 0, correction: 0 });
  });

  it('keeps only the last reports in the audit log', async () => {
    const p = hr('oHR-log');
    for (let i = 0; i < REPORT_LOG_LENGTH + 5; i++) {
      await recordSubscribeReport(deps, p, { requestId: `req-log-${String(i).padStart(4, '0')}`, trigger: 'submit', answers: { tplProgress001: 'reject' } });
    }
    const log = (await s.redis.lrange(`${s.prefix}subrep:oHR-log:log`, 0, -1)) as unknown[];
    expect(log).toHaveLength(REPORT_LOG_LENGTH);
    expect(JSON.stringify(log[0])).toContain(`req-log-${String(REPORT_LOG_LENGTH + 4).padStart(4, '0')}`);
  });

  it("refuses templates that are not the user's, naming each", async () => {
    const e = await recordSubscribeReport(deps, employee('oEMP-1'), { requestId: 'req-emp-0001', trigger: 'card', answers: { tplDone00001: 'accept', tplCard00001: 'accept' } }).catch((x) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).issues?.map((i) => i.path)).toEqual([['answers', 'tplDone00001']]);
    expect(remaining(await subscriptionsOf(deps, employee('oEMP-1')))).toEqual({ progress: 0, cardProgress: 0 });
    const nobody: TPrincipal = { session, sub: 'oNone' };
    await expect(recordSubscribeReport(deps, nobody, { requestId: 'req-none-001', trigger: 'submit', answers: { tplProgress001: 'accept' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
