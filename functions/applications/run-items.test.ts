/**
 * The last two items finishing in two concurrent queue runs (the physical
 * card and certificate are polled separately): each run read the other item
 * before it ran, so without reading again neither saw all seven done and
 * 全部办结 was never told — until the safety net 30 s after filing, or never
 * when that had already run (found by tests/faults/wechat.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { logger } from '../lib/logger';
import { startStack, type TStack } from '../local/stack';
import { DEMO_PEOPLE } from '../simulators/dataset';
import { hireBody } from '../../tests/faults/support';
import { ApiClient } from '../../tests/integration/client';
import { handleItemMessage } from './run-items';

jest.setTimeout(30_000);

let stack: TStack;
beforeAll(async () => {
  logger.configure({ level: 'error', sink: () => undefined });
  // the queue does not run by itself here: the test plays its deliveries
  stack = await startStack({ keyPrefix: `ri${randomUUID().slice(0, 8)}:`, dispatcherIntervalMs: 600_000, cardStageMs: 60_000, certificateDelayMs: 60_000 });
});
afterAll(() => stack.close());

it('tells 全部办结 when the last two items finish in concurrent runs', async () => {
  const hr = await new ApiClient(stack.baseUrl).login(`hr-${randomUUID()}`);
  expect((await hr.bindEnterprise('91150302MA0N1A2B37')).status).toBe(200);
  const filed = await hr.post('/api/applications', hireBody(DEMO_PEOPLE.employeeA), { 'idempotency-key': `k-${randomUUID()}` });
  expect(filed.status).toBe(201);
  const id: string = filed.body.application.id;
  const deps = stack.deps;
  const app = (await deps.store.get(id))!;
  const states = async () => Object.fromEntries((await deps.store.items(app)).map((i) => [i.code, i.state]));
  expect(await states()).toMatchObject({ social_security_card: 'processing', employment_certificate: 'processing' });

  // the card's poll finds it made; while it asks, the certificate's own run finishes the certificate
  const original = { run: deps.departments.run, poll: deps.departments.poll };
  const cardMade = async (input: Parameters<typeof original.poll>[0]) => {
    await deps.store.transition(id, 'employment_certificate', { eventId: `${input.applicationId}:employment_certificate:0:done`, to: 'done', stage: { name: '可领取', rank: 99 }, actor: 'test', note: '办结' });
    return { kind: 'done' as const, results: {}, stage: { name: '领卡未激活', rank: 99 } };
  };
  deps.departments.run = (input) => (input.item === 'social_security_card' ? cardMade(input) : original.run.call(deps.departments, input));
  deps.departments.poll = (input) => (input.item === 'social_security_card' ? cardMade(input) : original.poll.call(deps.departments, input));
  try {
    await handleItemMessage(deps, { applicationId: id, item: 'social_security_card' });
  } finally {
    Object.assign(deps.departments, original);
  }
  expect(Object.values(await states())).toEqual(Array(7).fill('done'));
  const reached = (await deps.redis.smembers(`${deps.prefix}notif:${id}:reached`)) as string[];
  expect(reached).toContain('all_done');
});
