/**
 * 电子社保卡 in a real browser: the employee opens the card page and sees the
 * card face masked, a dynamic QR code that a scanning terminal (the terminal
 * simulator) accepts once and refuses the second time, and the full card
 * number after the eye icon's (simulated, 开发模式) 人脸核身.
 *
 * To save time the hire is filed through the API in beforeAll (the HR side
 * is driven through the UI in hire.test.ts); the employee side is UI only,
 * with the H5 development paths the login page offers. The QR code is read
 * the way a terminal's camera would: a screenshot of the element, decoded
 * with jsQR.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { localToday } from '../../domain';
import { demoApplication, DEMO_PERSON, DEMO_USCC } from '../integration/client';
import { hrOf, storedCardNo } from '../integration/harness';
import { RESULTS_DIR, startE2E, wholePageShot, type TE2E } from './browser';
import { Phone, poll } from './ui';

let e: TE2E;
let electronicCardNo: string;

beforeAll(async () => {
  e = await startE2E();
  const hr = await hrOf(e.h, DEMO_USCC);
  const ent = await hr.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
  const person = await hr.get(`/api/autofill/person?idType=citizen_id&idNumber=${DEMO_PERSON.documentNumber}&name=${encodeURIComponent(DEMO_PERSON.name)}`);
  const filed = await hr.post('/api/applications', demoApplication({ employer: ent.body.values, person: person.body.values }, localToday()), { 'idempotency-key': randomUUID() });
  expect(filed.status).toBe(201);
  // the application view masks the card number; the truth is in the store
  electronicCardNo = await storedCardNo(e.h, filed.body.application.id);
  expect(electronicCardNo).toMatch(/^J\d{8}$/);
});
afterAll(async () => {
  await e?.close();
});

const shot = (u: Phone, name: string) => wholePageShot(e, u, name);

/** What a terminal's camera reads: the QR element's pixels, decoded. */
async function readQr(u: Phone): Promise<string> {
  const qr = u.cur().locator('taro-image-core[aria-label^="电子社保卡二维码"]');
  await qr.waitFor({ state: 'visible' });
  await qr.scrollIntoViewIfNeeded();
  await poll(async () => qr.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the QR image to load');
  const buf = await qr.screenshot();
  writeFileSync(path.join(RESULTS_DIR, 'card-03-qr-as-scanned.png'), buf); // what the "camera" saw
  const png = PNG.sync.read(buf);
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!code) throw new Error('no QR code in the screenshot');
  return code.data;
}

async function terminalScan(token: string): Promise<{ status: number; verdict: any }> {
  const res = await fetch(`${e.h.stack.baseUrl}/sim/terminal/scan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { status: number; verdict: any };
}

describe('电子社保卡 (H5, a touch phone)', () => {
  test('the employee opens the card page; its QR code is accepted once by a terminal, refused the second time', async () => {
    const { context, page } = await e.newPhone();
    const emp = new Phone(context, page);

    // log in and bind as 测试员工甲 (H5 development paths: login code, simulated 人脸核身)
    await page.goto(`${e.h.stack.baseUrl}/`);
    await page.waitForLoadState('networkidle');
    const agree = page.getByText('同意并继续', { exact: true });
    await agree.waitFor();
    await agree.tap();
    await agree.waitFor({ state: 'hidden' });
    await emp.tapButton('登录并选择身份');
    await emp.input('模拟登录 code').fill('h5-dev-employee-card-0001');
    await emp.tapButton('模拟登录');
    await emp.see(/已登录/);
    await emp.input('证件号码').fill(DEMO_PERSON.documentNumber);
    await emp.input('姓名').fill(DEMO_PERSON.name);
    await emp.tapButton('实名认证（模拟人脸核身通过）');
    await emp.see('实名认证成功');
    await emp.tapButton('完成，返回首页');

    // 首页 → 我的记录 → 电子社保卡
    await emp.tapButton('我的记录');
    await emp.tapButton('电子社保卡');
    await emp.see('中华人民共和国社会保障卡');

    // the card face: everything masked
    const number = emp.cur().locator('[data-testid="card-no"]');
    await poll(async () => /^J\d\*{5}\d{2}$/.test(((await number.textContent()) ?? '').trim()), 'the masked card number');
    expect((await number.textContent())?.trim()).toBe(`${electronicCardNo.slice(0, 2)}*****${electronicCardNo.slice(-2)}`);
    expect((await emp.cur().locator('[data-testid="card-name"]').textContent())?.trim()).toBe('测***甲');
    await emp.see('150***********0020');
    expect((await emp.cur().locator('[data-testid="card-status"]').textContent())?.trim()).toBe('正常');
    const pageText = await emp.cur().innerText();
    for (const secret of [electronicCardNo, DEMO_PERSON.documentNumber, DEMO_PERSON.name]) expect(pageText).not.toContain(secret);
    await emp.see(/有效期剩余 \d+ 秒/);
    await emp.see('制卡进度（实体卡）');
    await emp.see('开发模式');
    await shot(emp, 'card-01-page');

    // the terminal reads the QR code: accepted once, refused the second time
    const token = await readQr(emp);
    expect(token).toMatch(/^hoc1\./);
    const first = await terminalScan(token);
    expect(first.status).toBe(200);
    expect(first.verdict).toMatchObject({ accepted: true, holder: { name: '测***甲' }, card: { status: { label: '正常' } } });
    const second = await terminalScan(token);
    expect(second.status).toBe(409);
    expect(second.verdict.error.message).toContain('已使用');

    // a refreshed code is a new token, accepted again
    await emp.tapButton('刷新二维码');
    const fresh = await poll(async () => {
      const t = await readQr(emp).catch(() => '');
      return t && t !== token ? t : '';
    }, 'a new QR code');
    expect((await terminalScan(fresh)).verdict.accepted).toBe(true);

    // the eye icon: 人脸核身 (simulated in H5), then the full number
    await emp.cur().locator('[aria-label^="显示完整卡号"]').tap();
    await poll(async () => ((await number.textContent()) ?? '').trim() === electronicCardNo, 'the full card number after 人脸核身');
    expect((await emp.cur().locator('[data-testid="card-name"]').textContent())?.trim()).toBe(DEMO_PERSON.name);
    await shot(emp, 'card-02-revealed');
    await emp.cur().locator('[aria-label="隐藏完整卡号"]').tap();
    await poll(async () => ((await number.textContent()) ?? '').trim() !== electronicCardNo, 'the number masked again');
    await context.close();
  });
});
