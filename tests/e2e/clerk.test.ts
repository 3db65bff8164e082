/**
 * The window and the files in a real browser (H5, a touch phone): a clerk
 * logs in from the home page, sees the board, and starts 一窗受理 by naming
 * the enterprise (the employer auto-fill runs for it); the HR contact rates
 * the finished hire badly on its detail page and the bad rating waits on the
 * clerk's board; the employee opens 一人一档, sees who looked them up, and
 * downloads their data (导出我的数据).
 *
 * The walk-in hire itself is filed through the API as the clerk (the wizard's
 * steps are driven through the UI in hire.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { localToday, ZPersonalDataExportSchema } from '../../domain';
import { DEV_CLERK } from '../../functions/local/stack';
import { ApiClient, demoApplication, DEMO_PERSON, DEMO_USCC } from '../integration/client';
import { waitFor } from '../integration/harness';
import { startE2E, wholePageShot, type TE2E } from './browser';
import { Phone } from './ui';

let e: TE2E;
let clerkApi: ApiClient;
let appId: string;

beforeAll(async () => {
  e = await startE2E();
  clerkApi = e.h.api();
  clerkApi.token = (await clerkApi.post('/api/auth/clerk-login', { username: DEV_CLERK.username, password: DEV_CLERK.password })).body.token;
  const ent = await clerkApi.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
  const person = await clerkApi.get(`/api/autofill/person?idType=citizen_id&idNumber=${DEMO_PERSON.documentNumber}&name=${encodeURIComponent(DEMO_PERSON.name)}`);
  const filed = await clerkApi.post('/api/applications', demoApplication({ employer: ent.body.values, person: person.body.values }, localToday()), { 'idempotency-key': randomUUID() });
  expect(filed.status).toBe(201);
  appId = filed.body.application.id;
  await waitFor(() => clerkApi.get(`/api/applications/${appId}`), (r) => r.body.items.every((i: { state: string }) => i.state === 'done'));
});
afterAll(async () => {
  await e?.close();
});

const shot = (u: Phone, name: string) => wholePageShot(e, u, name);

async function openHome(u: Phone): Promise<void> {
  await u.page.goto(`${e.h.stack.baseUrl}/`);
  await u.page.waitForLoadState('networkidle');
  const agree = u.page.getByText('同意并继续', { exact: true });
  await agree.waitFor();
  await agree.tap();
  await agree.waitFor({ state: 'hidden' });
}

describe('窗口 (H5, a touch phone)', () => {
  test('a clerk logs in from the home page, sees the board and starts a walk-in hire by naming the enterprise', async () => {
    const { context, page } = await e.newPhone();
    const clerk = new Phone(context, page);
    await openHome(clerk);
    await clerk.tapButton('窗口工作人员登录');
    await clerk.input('账号').fill(DEV_CLERK.username);
    await clerk.input('密码').fill('wrong-password');
    await clerk.tapButton('登录');
    await clerk.see('账号或密码错误');
    await clerk.input('密码').fill(DEV_CLERK.password);
    await clerk.tapButton('登录');
    await clerk.see('窗口工作台');
    await clerk.see(/差评待回访（0）/);
    await clerk.see(/超期事项（\d+）/);
    await shot(clerk, 'clerk-01-board');
    await clerk.cur().getByText('统计', { exact: true }).tap();
    await clerk.see('按部门');
    await clerk.see(/受理 1 · 办结 1/);
    await clerk.cur().getByText('部门队列', { exact: true }).tap();
    await clerk.see('该状态下暂无事项');

    await clerk.tapButton('一窗受理（代企业申报）');
    await clerk.see('一窗受理 · 受理企业');
    await clerk.input('受理企业统一社会信用代码').fill(DEMO_USCC);
    await clerk.tapButton('确定并获取单位信息');
    await clerk.see(`当前企业：乌海市海勃湾区示例能源有限公司（${DEMO_USCC}）`);
    await shot(clerk, 'clerk-02-window-filing');
    await context.close();
  });

  test('the HR contact rates the finished walk-in hire; a bad rating waits on the clerk’s board', async () => {
    const { context, page } = await e.newPhone();
    const hr = new Phone(context, page);
    await openHome(hr);
    await hr.tapButton('登录并选择身份');
    await hr.input('模拟登录 code').fill('h5-dev-hr-clerk-e2e');
    await hr.tapButton('模拟登录');
    await hr.see(/已登录/);
    await hr.input('统一社会信用代码').fill(DEMO_USCC);
    await hr.tapButton('模拟法定代表人授权（开发模式）');
    await hr.see('已取得模拟授权码');
    await hr.tapButton('绑定企业');
    await hr.see('企业绑定成功');

    // 我的 → 一户一档: the walk-in hire, marked 窗口受理
    await page.goto(`${e.h.stack.baseUrl}/pages/me/me`);
    await hr.tapButton('一户一档（本企业档案）');
    await hr.see('乌海市海勃湾区示例能源有限公司');
    await hr.see('窗口受理');
    await hr.see('7/7 个事项已办结');
    await shot(hr, 'clerk-03-enterprise-file');
    await hr.tapButton('查看办理详情');
    await hr.see(/窗口受理（工作人员 clerk01 代企业提交）/);
    await hr.see('好差评');
    await hr.cur().getByText('不满意', { exact: true }).tap();
    await hr.input('意见建议').fill('窗口排队时间较长');
    await hr.tapButton('提交评价');
    await hr.see('您的评价：不满意');
    await hr.see('已转窗口工作人员回访整改');
    await shot(hr, 'clerk-04-rated');
    const board = await clerkApi.get('/api/clerk/overdue');
    expect(board.body.badRatings).toEqual([expect.objectContaining({ applicationId: appId, level: '不满意', comment: '窗口排队时间较长' })]);
    await context.close();
  });

  test('the employee opens 一人一档 and sees who looked them up', async () => {
    const { context, page } = await e.newPhone();
    const emp = new Phone(context, page);
    await openHome(emp);
    await emp.tapButton('登录并选择身份');
    await emp.input('模拟登录 code').fill('h5-dev-employee-clerk-e2e');
    await emp.tapButton('模拟登录');
    await emp.see(/已登录/);
    await emp.input('证件号码').fill(DEMO_PERSON.documentNumber);
    await emp.input('姓名').fill(DEMO_PERSON.name);
    await emp.tapButton('实名认证（模拟人脸核身通过）');
    await emp.see('实名认证成功');

    await page.goto(`${e.h.stack.baseUrl}/pages/me/me`);
    await emp.tapButton('一人一档（我的档案与访问记录）');
    await emp.see('一人一档');
    await emp.see('测***甲');
    await emp.see('窗口工作人员');
    await emp.see(/录用登记自动填充/);
    await emp.see(/查看录用记录/); // the HR contact opened the hire
    const text = await emp.cur().innerText();
    expect(text).not.toContain(DEMO_PERSON.documentNumber);
    await shot(emp, 'clerk-05-person-file');
    await emp.cur().getByText('录用记录', { exact: true }).tap();
    await emp.see('乌海市海勃湾区示例能源有限公司', 10_000);

    // 导出我的数据 (PIPL §45): a JSON download with everything about them, their own full number included
    const download = page.waitForEvent('download');
    await emp.tapButton('导出我的数据');
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^hire-once-personal-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = ZPersonalDataExportSchema.parse(JSON.parse(readFileSync((await file.path())!, 'utf8')));
    expect(data.subject.documentNumber).toBe(DEMO_PERSON.documentNumber);
    expect(data.hires.map((hh) => hh.id)).toContain(appId);
    await emp.see(/已下载 hire-once-personal-data-/);
    await emp.see(/录用记录 1 条/);
    // the export is in their access log at once
    await emp.cur().getByText('访问记录', { exact: true }).tap();
    await emp.see(/本人导出个人数据/);
    expect(await emp.cur().innerText()).not.toContain(DEMO_PERSON.documentNumber);
    await shot(emp, 'clerk-06-person-export');
    await context.close();
  });
});
