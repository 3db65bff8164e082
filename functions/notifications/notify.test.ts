/**
 * Notifications on both backends: milestones batched per person, the inbox
 * written once, one consent spent per push at most once — a redelivery sends
 * nothing again — and each WeChat outcome handled by its meaning.
 */
import { ITEM_CATALOG } from '../../domain';
import { ApplicationStore, type TStoredApplication } from '../applications/store';
import type { TItemView } from '../applications/item-state';
import type { TDeps } from '../deps';
import { startTestStore, type TTestStore } from '../storage/testing';
import type { TSubscribeSendInput, TSubscribeSendOutcome } from '../wechat';
import { listInbox, markRead } from './inbox';
import { milestonesOf, notificationsFor, type TNotification } from './milestones';
import { deliverNotification, queueNotifications, RetryLaterError } from './notify';
import { recordSubscribeReport } from './subscriptions';
import { memoryLedger } from '../../tests/fixtures/memory-ledger';

const TEMPLATES = { progress: 'tplProgress001', done: 'tplDone00001', correction: 'tplCorrect01', cardProgress: 'tplCard00001' };
const NOW = new Date('2026-11-26T02:00:00Z');

function stored(id: string): TStoredApplication {
  return {
    id,
    uscc: '91150302MA0N1A2B37',
    enterpriseName: '示例',
    filedBy: `oHR-${id}`,
    filedAt: NOW.toISOString(),
    filedOn: '2026-11-26',
    personIdHmac: `h-${id}`,
    maskedDocumentNumber: '150***********0020',
    application: { employee: { documentNumber: 'v1.x', name: '测试员工甲' } } as never,
    variants: { employment_certificate: ['electronic', 'physical'], social_security_card: ['electronic', 'physical_sporadic'] },
    dueDates: Object.fromEntries(ITEM_CATALOG.map((i) => [i.code, []])) as never,
  };
}

/** The items with the five instant ones done, the card and certificate in production. */
function atFiling(store: ApplicationStore, app: TStoredApplication): TItemView[] {
  return store.initialItems(app).map((v) =>
    v.code === 'social_security_card'
      ? { ...v, state: 'processing', stage: '数据录入', results: { collectionBranch: '海勃湾区社会保障卡服务网点（新华街1号）' } }
      : v.code === 'employment_certificate'
        ? { ...v, state: 'processing', stage: '制证中' }
        : { ...v, state: 'done' },
  );
}

describe('which notifications a state calls for (pure)', () => {
  const app = stored('P1');
  const store = new ApplicationStore({ createScript: () => ({}) } as never, '', () => NOW);
  it('tells the HR contact filing and the instant items in ONE message, the employee the card and certificate stages', () => {
    const items = atFiling(store, app);
    const fresh = milestonesOf(app, items);
    expect(fresh).toEqual(['filed', 'instant_done', 'card:数据录入', 'certificate:制证中']);
    const notes = notificationsFor(app, items, fresh, NOW);
    expect(notes.map((n) => [n.audience, n.template, n.milestones])).toEqual([
      ['hr', 'progress', ['filed', 'instant_done']],
      ['employee', 'cardProgress', ['card:数据录入']],
      ['employee', 'progress', ['certificate:制证中']],
    ]);
    expect(notes[0]!.values.thing1).toBe('入职一件事·测***甲'); // masked on a lock screen
  });
  it('lets 办结 replace the progress messages reached with it, and tells each correction', () => {
    const done = store.initialItems(app).map((v) => ({ ...v, state: 'done' as const }));
    expect(notificationsFor(app, done, milestonesOf(app, done), NOW).filter((n) => n.audience === 'hr').map((n) => n.template)).toEqual(['done']);
    const corr = store.initialItems(app).map((v) => (v.code === 'labor_filing' ? { ...v, state: 'needs_correction' as const, message: '工资低于最低工资标准', corrections: 1 } : v));
    const n = notificationsFor(app, corr, ['correction:labor_filing:1'], NOW);
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({ id: 'P1:correction:labor_filing:1', template: 'correction', values: { thing2: '工资低于最低工资标准' } });
  });
});

describe.each(['memory', 'redis'] as const)('delivering on %s', (backend) => {
  let s: TTestStore;
  let deps: TDeps;
  let store: ApplicationStore;
  let sent: TSubscribeSendInput[];
  let answer: (i: TSubscribeSendInput) => TSubscribeSendOutcome;
  const ledger = memoryLedger();
  const published: { topic: string; body: TNotification; dedupId: string }[] = [];

  beforeAll(async () => {
    s = await startTestStore({ backend });
    store = new ApplicationStore(s.redis, s.prefix, () => NOW);
    deps = {
      redis: s.redis,
      prefix: s.prefix,
      store,
      now: () => NOW,
      subscribeTemplates: TEMPLATES,
      miniprogramState: 'developer',
      ledger,
      keys: { encryptionKey: Buffer.alloc(32, 1), hmacKey: Buffer.alloc(32, 2) },
      queue: {
        publish: async () => undefined,
        publishMany: async (ms: { topic: string; body: TNotification; options: { dedupId: string } }[]) => void published.push(...ms.map((m) => ({ topic: m.topic, body: m.body, dedupId: m.options.dedupId }))),
      },
      wechat: { sendSubscribeMessage: async (i: TSubscribeSendInput) => (sent.push(i), answer(i)) },
    } as unknown as TDeps;
  });
  afterAll(() => s.close());
  beforeEach(() => {
    sent = [];
    published.length = 0;
    answer = () => ({ ok: true, msgid: 'm1' });
  });

  async function filed(id: string) {
    const app = stored(`${backend}-${id}`);
    await store.create(app, `key-${app.id}`, 'h');
    return app;
  }
  const hrGrants = (app: TStoredApplication, n: number, id = 'progress') =>
    recordSubscribeReport(deps, { sub: app.filedBy, session: {} as never, hr: { uscc: app.uscc } }, { requestId: `r-${app.id}-${id}-${n}`, trigger: 'submit', answers: { [TEMPLATES[id as 'progress']]: 'accept' } });
  const quota = async (sub: string, tpl: string) => Number((await s.redis.hget(`${s.prefix}subq:${sub}`, tpl)) ?? 0);

  it('queues each milestone once, however often the items are looked at', async () => {
    const app = await filed('Q1');
    const items = atFiling(store, app);
    expect((await queueNotifications(deps, app, items)).length).toBe(3);
    expect(await queueNotifications(deps, app, items)).toEqual([]);
    expect(published.map((p) => p.dedupId)).toEqual([`notify:${app.id}:instant_done`, `notify:${app.id}:card:数据录入`, `notify:${app.id}:certificate:制证中`]);
  });

  it('puts it in the inbox once and spends one consent once, even when delivered twice', async () => {
    const app = await filed('D1');
    await hrGrants(app, 1);
    const [hr] = notificationsFor(app, atFiling(store, app), ['filed', 'instant_done'], NOW);
    expect(await deliverNotification(deps, hr!)).toEqual({ [app.filedBy]: 'sent' });
    expect(await deliverNotification(deps, hr!)).toEqual({ [app.filedBy]: 'sent' }); // redelivery
    expect(sent).toHaveLength(1);
    // one ledger event for the push, recorded once; the openid only as a keyed hash
    const events = ledger.stored.filter((e) => e.event.type === 'notification.sent' && e.event.subject.applicationId === app.id);
    expect(events.map((e) => e.event.data)).toEqual([expect.objectContaining({ notification: hr!.id, template: 'progress', audience: 'hr', push: 'sent', recipient: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    expect(JSON.stringify(events)).not.toContain(app.filedBy);
    expect(sent[0]).toMatchObject({ touser: app.filedBy, templateId: TEMPLATES.progress, page: `packageHire/pages/detail/index?id=${app.id}`, data: { phrase2: { value: '部分办结' }, time3: { value: '2026年11月26日 10:00' } } });
    expect(await quota(app.filedBy, TEMPLATES.progress)).toBe(0);
    const inbox = await listInbox(deps, app.filedBy, { limit: 20 });
    expect(inbox.items.map((m) => [m.title, m.read, m.push])).toEqual([['已受理，即时事项已办结', false, 'sent']]);
    expect(inbox.unread).toBe(1);
    expect(await markRead(deps, app.filedBy, { all: true })).toEqual({ unread: 0 });
  });

  it('with no quota the inbox is the channel and WeChat is not called', async () => {
    const app = await filed('N1');
    const [hr] = notificationsFor(app, atFiling(store, app), ['filed'], NOW);
    expect(await deliverNotification(deps, hr!)).toEqual({ [app.filedBy]: 'no_quota' });
    expect(sent).toHaveLength(0);
    expect((await listInbox(deps, app.filedBy, { limit: 5 })).items[0]).toMatchObject({ title: '已受理', push: 'no_quota' });
  });

  it('43101 sets the quota to 0; 47003 and configuration errors give the consent back without retrying', async () => {
    const app = await filed('E1');
    await hrGrants(app, 1);
    await hrGrants(app, 2);
    answer = () => ({ ok: false, reason: 'refused', errcode: 43101, message: '用户拒绝接受消息' });
    const [a] = notificationsFor(app, atFiling(store, app), ['filed'], NOW);
    expect(await deliverNotification(deps, a!)).toEqual({ [app.filedBy]: 'refused' });
    expect(await quota(app.filedBy, TEMPLATES.progress)).toBe(0);

    await hrGrants(app, 3);
    answer = () => ({ ok: false, reason: 'bad_data', errcode: 47003, message: '模板参数不准确' });
    const b = { ...a!, id: `${app.id}:other` };
    expect(await deliverNotification(deps, b)).toEqual({ [app.filedBy]: 'failed' });
    expect(await quota(app.filedBy, TEMPLATES.progress)).toBe(1); // not used by WeChat: given back
    expect(await deliverNotification(deps, b)).toEqual({ [app.filedBy]: 'failed' }); // and not tried again
    expect(sent).toHaveLength(2);
  });

  it('45009 gives the consent back and asks the queue to retry; a timeout is never repeated (at most once)', async () => {
    const app = await filed('R1');
    await hrGrants(app, 1);
    answer = () => ({ ok: false, reason: 'retry_later', errcode: 45009, message: '接口调用超过限额' });
    const [a] = notificationsFor(app, atFiling(store, app), ['filed'], NOW);
    await expect(deliverNotification(deps, a!)).rejects.toBeInstanceOf(RetryLaterError);
    expect(await quota(app.filedBy, TEMPLATES.progress)).toBe(1);
    answer = () => ({ ok: false, reason: 'unknown', message: '请求超时' });
    expect(await deliverNotification(deps, a!)).toEqual({ [app.filedBy]: 'unknown' });
    expect(await deliverNotification(deps, a!)).toEqual({ [app.filedBy]: 'unknown' });
    expect(sent).toHaveLength(2); // the 45009 attempt and the one that timed out; nothing after
    expect(await quota(app.filedBy, TEMPLATES.progress)).toBe(0); // never negative
  });

  it('the employee hears about the card on every WeChat user verified as them', async () => {
    const app = await filed('C1');
    await s.redis.sadd(`${s.prefix}person:${app.personIdHmac}:subs`, 'oEMP-a', 'oEMP-b');
    await recordSubscribeReport(deps, { sub: 'oEMP-a', session: {} as never, employee: { idHmac: app.personIdHmac, idEnc: '', name: '' } }, { requestId: 'r-emp-a-1', trigger: 'card', answers: { [TEMPLATES.cardProgress]: 'accept' } });
    const [card] = notificationsFor(app, atFiling(store, app), ['card:数据录入'], NOW);
    expect(await deliverNotification(deps, card!)).toEqual({ 'oEMP-a': 'sent', 'oEMP-b': 'no_quota' });
    expect(sent[0]!.data).toEqual({ thing1: { value: '社会保障卡' }, phrase2: { value: '数据录入' }, thing3: { value: '海勃湾区社会保障卡服务网点' }, time4: { value: '2026年11月26日 10:00' } });
    expect((await listInbox(deps, 'oEMP-b', { limit: 5 })).items[0]!.title).toBe('社会保障卡：数据录入');
  });
});
