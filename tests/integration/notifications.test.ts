/**
 * Status push end to end over HTTP, against real Redis and the WeChat
 * simulator: the HR contact's submit-tap subscriptions are reported, the
 * filing's milestones reach WeChat as ONE message and the inbox, the
 * employee hears about the card stages, and a user without quota gets the
 * inbox only. Nothing is sent twice.
 */
import { randomUUID } from 'node:crypto';
import { localToday, SUBSCRIBE_TEMPLATES } from '../../domain';
import { DEMO_PEOPLE } from '../../functions/simulators/dataset';
import { SIM_SUBSCRIBE_TEMPLATES, simulatedOpenid } from '../../functions/simulators/wechat';
import { hmacId } from '../../functions/lib/crypto';
import { demoApplication, DEMO_USCC, type ApiClient } from './client';
import { hrOf, startHarness, waitFor, type THarness } from './harness';

jest.setTimeout(90_000);

let h: THarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const sim = (path: string, body?: unknown) =>
  fetch(`${h.stack.baseUrl}/sim/wechat${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
const delivered = async (openid: string) => (await sim(`/_dev/messages?touser=${openid}`)).messages as { templateId: string; data: Record<string, { value: string }>; page?: string }[];

/** What the phone does on a tap: WeChat's dialog (the simulator plays it), then our report. */
async function subscribe(api: ApiClient, code: string, trigger: 'submit' | 'card') {
  const view = await api.get('/api/notifications/subscriptions');
  const ids = view.body.templates.map((t: { templateId: string }) => t.templateId).slice(0, 3);
  const answers = Object.fromEntries(ids.map((id: string) => [id, 'accept']));
  await sim('/_dev/subscribe', { code, answers });
  const r = await api.post('/api/notifications/subscriptions', { requestId: `req-${randomUUID()}`, trigger, answers });
  expect(r.status).toBe(200);
  return r.body;
}

async function file(hr: ApiClient, person = DEMO_PEOPLE.employeeA) {
  const ent = await hr.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
  const p = await hr.get(`/api/autofill/person?idType=citizen_id&idNumber=${person.documentNumber}&name=${encodeURIComponent(person.name)}`);
  const filed = await hr.post('/api/applications', demoApplication({ employer: ent.body.values, person: p.body.values }, localToday()), { 'idempotency-key': randomUUID() });
  expect(filed.status).toBe(201);
  return filed.body.application.id as string;
}

describe('status push', () => {
  it('tells the HR contact the filing and the instant items in one WeChat message and in the inbox', async () => {
    const code = `hr-notify-${randomUUID().slice(0, 8)}`;
    const hr = await hrOf(h, DEMO_USCC, code);
    const granted = await subscribe(hr, code, 'submit');
    expect(granted.templates.map((t: { key: string; remaining: number }) => [t.key, t.remaining])).toEqual([
      ['progress', 1],
      ['done', 1],
      ['correction', 1],
    ]);
    const id = await file(hr);
    const openid = simulatedOpenid(code);
    const msgs = await waitFor(() => delivered(openid), (m) => m.length >= 1);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ templateId: SIM_SUBSCRIBE_TEMPLATES.progress, page: `packageHire/pages/detail/index?id=${id}` });
    expect(msgs[0]!.data.phrase2!.value).toBe('部分办结');
    expect(msgs[0]!.data.thing1!.value).toBe('入职一件事·测***甲');

    const inbox = await waitFor(() => hr.get('/api/me/messages'), (r) => r.body.items?.[0]?.push === 'sent');
    expect(inbox.body.items.map((m: { title: string }) => m.title)).toEqual(['已受理，即时事项已办结']);
    expect(inbox.body.unread).toBe(1);
    expect((await hr.post('/api/me/messages/read', { ids: [inbox.body.items[0].id] })).body).toEqual({ unread: 0 });
    // one consent used: progress 0, the others left for 办结 / 补正
    const after = await hr.get('/api/notifications/subscriptions');
    expect(Object.fromEntries(after.body.templates.map((t: { key: string; remaining: number }) => [t.key, t.remaining]))).toMatchObject({ progress: 0, correction: 1 });
    // the card and the certificate finish through the queue: 办结, with its own consent
    const both = await waitFor(() => delivered(openid), (m) => m.length >= 2);
    expect(both.map((m) => m.templateId)).toEqual([SIM_SUBSCRIBE_TEMPLATES.progress, SIM_SUBSCRIBE_TEMPLATES.done]);
    // the queue runs the items again later: still one message each
    await new Promise((r) => setTimeout(r, 1500));
    expect(await delivered(openid)).toHaveLength(2);
    const end = await hr.get('/api/notifications/subscriptions');
    expect(Object.fromEntries(end.body.templates.map((t: { key: string; remaining: number }) => [t.key, t.remaining]))).toEqual({ progress: 0, done: 0, correction: 1 });
  });

  it('without a subscription the inbox is the channel, and WeChat is not called', async () => {
    const code = `hr-quiet-${randomUUID().slice(0, 8)}`;
    const hr = await hrOf(h, DEMO_USCC, code);
    await file(hr);
    // (the same person filed again: the departments refuse the duplicate registrations, so only 已受理 here)
    const inbox = await waitFor(() => hr.get('/api/me/messages'), (r) => r.body.items?.[0]?.push === 'no_quota');
    expect(inbox.body.items[0].title).toMatch(/^已受理/);
    expect(await delivered(simulatedOpenid(code))).toHaveLength(0);
  });

  it('tells the verified employee the stages of their social security card', async () => {
    // a stack of its own: the departments' simulators have not seen this person yet
    await h.close();
    h = await startHarness();
    const hr = await hrOf(h, DEMO_USCC);
    const code = `emp-notify-${randomUUID().slice(0, 8)}`;
    const emp = await h.api().login(code);
    const person = DEMO_PEOPLE.employeeA;
    const start = await emp.post('/api/employee/verify/start', { idType: 'citizen_id', idNumber: person.documentNumber, name: person.name });
    await sim('/_dev/facial-verify', { verifyId: start.body.verifyId, outcome: 'pass' });
    expect((await emp.post('/api/employee/verify/finish', { verifyId: start.body.verifyId })).status).toBe(200);
    const granted = await subscribe(emp, code, 'card');
    expect(granted.templates.map((t: { key: string }) => t.key)).toEqual(['progress', 'cardProgress']);
    expect(SUBSCRIBE_TEMPLATES.cardProgress.audience).toEqual(['employee']);
    await file(hr, person);
    // the card moves through its stages (150 ms each here); the inbox hears every one, WeChat the first (one consent)
    const inbox = await waitFor(() => emp.get('/api/me/messages?limit=50'), (r) => (r.body.items ?? []).some((m: { title: string }) => m.title === '社会保障卡：领卡未激活'), 30_000);
    const titles = inbox.body.items.map((m: { title: string }) => m.title);
    expect(titles).toContain('社会保障卡：数据录入');
    const pushes = await delivered(simulatedOpenid(code));
    expect(pushes.filter((m) => m.templateId === SIM_SUBSCRIBE_TEMPLATES.cardProgress)).toHaveLength(1);
    expect(new Set(titles).size).toBe(titles.length); // no message twice
  });

  it('a WeChat user verified as another person stops hearing about the first', async () => {
    const code = `emp-switch-${randomUUID().slice(0, 8)}`;
    const emp = await h.api().login(code);
    const subsOf = async (documentNumber: string) =>
      (await h.stack.deps.redis.smembers(`${h.stack.deps.prefix}person:${hmacId(documentNumber, h.stack.deps.keys)}:subs`)) as string[];
    for (const person of [DEMO_PEOPLE.employeeA, DEMO_PEOPLE.employeeB]) {
      const start = await emp.post('/api/employee/verify/start', { idType: 'citizen_id', idNumber: person.documentNumber, name: person.name });
      await sim('/_dev/facial-verify', { verifyId: start.body.verifyId, outcome: 'pass' });
      expect((await emp.post('/api/employee/verify/finish', { verifyId: start.body.verifyId })).status).toBe(200);
    }
    const openid = simulatedOpenid(code);
    expect(await subsOf(DEMO_PEOPLE.employeeB.documentNumber)).toContain(openid);
    expect(await subsOf(DEMO_PEOPLE.employeeA.documentNumber)).not.toContain(openid);
  });
});
