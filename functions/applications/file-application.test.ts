/**
 * A filing stored, then storage lost before its items ran (the client got a
 * 503): the retry with the same Idempotency-Key runs them — before, it only
 * read them back, and the hire stayed 已提交 for ever (found by
 * tests/faults/storage-down.test.ts, the gateway cut).
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../domain';
import { logger } from '../lib/logger';
import { startStack, type TStack } from '../local/stack';
import { DEMO_PEOPLE } from '../simulators/dataset';
import { hireBody } from '../../tests/faults/support';
import { ApiClient } from '../../tests/integration/client';

jest.setTimeout(30_000);

let stack: TStack;
beforeAll(async () => {
  logger.configure({ level: 'error', sink: () => undefined });
  stack = await startStack({ keyPrefix: `fa${randomUUID().slice(0, 8)}:`, dispatcherIntervalMs: 60_000 });
});
afterAll(() => stack.close());

it('a retry of a filing whose items never ran runs them, once', async () => {
  const hr = await new ApiClient(stack.baseUrl).login(`hr-${randomUUID()}`);
  expect((await hr.bindEnterprise('91150302MA0N1A2B37')).status).toBe(200);
  const body = hireBody(DEMO_PEOPLE.employeeA);
  const key = `k-${randomUUID()}`;

  // the filing is stored, then storage goes away before anything else
  const store = stack.deps.store;
  const create = store.create.bind(store);
  store.create = async (...args) => {
    await create(...args);
    throw new AppError('STORAGE_UNAVAILABLE');
  };
  let first;
  try {
    first = await hr.post('/api/applications', body, { 'idempotency-key': key });
  } finally {
    store.create = create;
  }
  expect(first.status).toBe(503);
  const id = (await store.filedUnder('91150302MA0N1A2B37', key))!;
  expect((await store.items((await store.get(id))!)).every((i) => i.state === 'submitted')).toBe(true);
  const before = stack.simulators.hrss.counts().pension;

  const again = await hr.post('/api/applications', body, { 'idempotency-key': key });
  expect(again.status).toBe(200);
  expect(again.body.application.id).toBe(id);
  const states = Object.fromEntries(again.body.application.items.map((i: { code: string; state: string }) => [i.code, i.state]));
  expect(states).toMatchObject({ pension_insurance: 'done', medical_insurance: 'done', employment_registration: 'done', labor_filing: 'done', housing_fund_account: 'done' });

  // a third time: nothing runs again
  const third = await hr.post('/api/applications', body, { 'idempotency-key': key });
  expect(third.status).toBe(200);
  expect(stack.simulators.hrss.counts().pension - before).toBe(1);
  const history = third.body.application.items.find((i: { code: string }) => i.code === 'pension_insurance').history;
  expect(history.filter((e: { state: string }) => e.state === 'done')).toHaveLength(1);
});
