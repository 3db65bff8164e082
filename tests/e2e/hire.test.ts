/**
 * 入职一件事 in a real browser, through the H5 UI only: an HR contact's first
 * and second hire, bad input and the pre-check, and the employee's side.
 *
 * The only shortcuts are the H5 development paths the login page itself
 * offers (模拟登录 code, 模拟法定代表人授权, 模拟人脸核身). The API is read only
 * to assert results. Every field the test types or picks in the wizard is
 * counted (`Phone.type` / `pick` / `pickDate` / `pickCascade` / `choose`).
 *
 * The tests run in order and share the HR phone: 2 and 3 continue from 1's
 * enterprise binding, 4 looks for 1's hire.
 */
import { localToday } from '../../domain';
import { simulatedOpenid } from '../../functions/simulators/wechat';
import { startE2E, wholePageShot, type TE2E } from './browser';
import { Phone, poll } from './ui';

const USCC = '91150302MA0N1A2B37';
/** The HR user's simulated WeChat login code (the simulator's openid is a function of it). */
const HR_CODE = 'h5-dev-hr-e2e-0001';
const ENTERPRISE = '乌海市海勃湾区示例能源有限公司';
const EMPLOYEE_A = { id: '150302199503150020', name: '测试员工甲', masked: '150***********0020' };
const EMPLOYEE_B = { id: '150302199208080015', name: '测试员工乙', masked: '150***********0015' };
/** The employer's constants: typed on the first hire, kept in the enterprise profile after it. */
const CONSTANTS = {
  就业单位编号: 'JY150302000123',
  社保单位编号: 'SB15030200456',
  医保单位编号: 'YB15030200789',
  公积金单位账号: 'GJJ1503020001',
  单位缴存比例: '12',
};
/** The items done at submit (name as the result shows it), with the result number each shows. */
const INSTANT_ITEMS: { short: string; name: string; result: string; pattern: RegExp }[] = [
  { short: '社保参保', name: '职工参保/续保登记（社会保险）', result: '个人社保编号', pattern: /^1503\d{9}$/ },
  { short: '医保参保', name: '职工参保/续保登记（基本医疗）', result: '医保个人编号', pattern: /^\d{16}$/ },
  { short: '就业登记', name: '就业登记', result: '就业登记号', pattern: /^\S{6,}$/ },
  { short: '劳动用工备案', name: '劳动用工备案', result: '用工备案号', pattern: /^BA\S+$/ },
  { short: '公积金开户', name: '个人住房公积金账户设立', result: '公积金个人账号', pattern: /^150301\S+$/ },
];
const PRECHECK_ITEMS = ['pension_insurance', 'medical_insurance', 'employment_registration', 'employment_certificate', 'labor_filing', 'social_security_card', 'housing_fund_account'];

let e: TE2E;
let hr: Phone;
let firstHireId: string | undefined;

const today = localToday();

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

async function newPhone(): Promise<Phone> {
  const { context, page } = await e.newPhone();
  return new Phone(context, page);
}

const shot = (u: Phone, name: string) => wholePageShot(e, u, name);

/** Opens the app, accepts the privacy notice, logs in with the H5 development code. */
async function openAndLogIn(u: Phone, devCode: string, shots?: { privacy: string; login: string }): Promise<void> {
  await u.page.goto(`${e.h.stack.baseUrl}/`);
  await u.page.waitForLoadState('networkidle');
  const agree = u.page.getByText('同意并继续', { exact: true });
  await agree.waitFor();
  await u.see('隐私保护提示');
  if (shots) await shot(u, shots.privacy);
  await agree.tap();
  await agree.waitFor({ state: 'hidden' });
  await u.tapButton('登录并选择身份');
  await u.see('开发模式');
  await u.input('模拟登录 code').fill(devCode);
  if (shots) await shot(u, shots.login);
  await u.tapButton('模拟登录');
  await u.see(/已登录/);
}

/** The text shown in a text field (empty when nothing was filled). */
async function valueOf(u: Phone, label: string): Promise<string> {
  return u.input(label).inputValue();
}

/** A field the employer types once: types it if empty, else checks it came from the enterprise profile. */
async function constant(u: Phone, label: keyof typeof CONSTANTS, path: string, expectPrefilled: boolean): Promise<void> {
  const value = await valueOf(u, label);
  if (expectPrefilled) {
    expect([label, value]).toEqual([label, CONSTANTS[label]]);
    await expect(u.field(path).locator('.fi-badge').textContent()).resolves.toMatch(/^单位档案/);
  } else {
    expect([label, value]).toEqual([label, '']);
    await u.type(label, CONSTANTS[label]);
  }
}

async function next(u: Phone, title: string): Promise<void> {
  await u.tapButton('下一步');
  await u.cur().locator('.wz-step-on').filter({ hasText: title }).waitFor();
  await u.cur().locator('.h1').filter({ hasText: new RegExp(`^${title}$`) }).waitFor();
}

/** From a hire's result: 录用下一位员工 (a new draft, the wizard relaunched on 单位). */
async function startNextHire(u: Phone): Promise<void> {
  await u.tapButton('录用下一位员工');
  await u.page.locator('.wz-result').first().waitFor({ state: 'detached' });
  await u.cur().locator('.wz-step-on').filter({ hasText: '单位' }).waitFor();
}

interface THireOptions {
  person: { id: string; name: string; masked: string };
  /** Employer constants prefilled from an earlier hire. */
  constantsPrefilled: boolean;
  /** 学历 to pick when 人社部 has no record (cascader path). */
  education?: string[];
  /** The previous hire's terms are carried into this draft: confirm them instead of typing. */
  carried?: boolean;
  /** 材料: consent and two ID photos + the generated contract previewed, or no photos (checked at the window). */
  materials: 'photos' | 'window';
  shots?: (step: string) => string | undefined;
}

/**
 * Files a hire through the wizard, typing only what auto-fill cannot know.
 * Returns the application id shown on the result.
 */
async function fileHire(u: Phone, o: THireOptions): Promise<string> {
  const s = async (step: string) => {
    const name = o.shots?.(step);
    if (name) await shot(u, name);
  };
  u.resetCount();

  // 1 单位: from 市监 (and the contact from 市监 too), or carried from the previous hire; nothing to type.
  if (!o.carried) await u.see('已自动填入单位信息');
  await poll(async () => (await valueOf(u, '统一社会信用代码')) === USCC, 'the enterprise filled in');
  expect(await valueOf(u, '统一社会信用代码')).toBe(USCC);
  expect(await valueOf(u, '单位名称')).toBe(ENTERPRISE);
  expect(await valueOf(u, '联系人姓名')).not.toBe('');
  expect(await u.shown('单位所在行政区划')).toBe('内蒙古自治区乌海市海勃湾区');
  await s('employer');
  await next(u, '人员');

  // 2 人员: the ID number and name bring the rest from 公安 and 人社部.
  expect(await u.shown('证件类型')).toBe('居民身份证（户口簿）');
  await u.type('证件号码', o.person.id);
  await u.type('员工姓名', o.person.name);
  // 人社部 has no education record for some people: the wizard says so and 学历 is typed by hand
  await u.see(o.education ? '未查询到学历信息，请手工填写' : '已自动填入人员信息，请核对');
  await poll(async () => (await u.shown('出生日期')) !== '请选择日期', 'the birth date from 公安');
  expect(await u.shown('民族')).not.toBe('请选择');
  expect(await valueOf(u, '户籍地址')).not.toBe('');
  await u.type('联系电话', '13800471234');
  await u.type('常住地址', '内蒙古自治区乌海市海勃湾区黄河东街8号');
  if (o.education) {
    expect(await u.shown('学历')).toBe('请选择');
    await u.pickCascade('学历', o.education);
  } else {
    expect(await u.shown('学历')).toBe('大学本科毕业');
  }
  await s('employee');
  await next(u, '就业登记');

  // 3 就业登记
  if (o.carried) expect(await valueOf(u, '就业单位编号')).toBe(CONSTANTS['就业单位编号']);
  else await constant(u, '就业单位编号', 'employmentRegistration.employerEmploymentNo', o.constantsPrefilled);
  await u.pickDate('首次就业时间', today);
  if (!o.carried) await u.pickCascade('职业（工种）', ['6 生产制造', '6-28 电力']);
  await s('registration');
  await next(u, '社保医保');

  // 4 社保医保: the four insurances are ticked by default.
  if (o.carried) {
    expect(await valueOf(u, '社保单位编号')).toBe(CONSTANTS['社保单位编号']);
    expect(await valueOf(u, '医保单位编号')).toBe(CONSTANTS['医保单位编号']);
  } else {
    await constant(u, '社保单位编号', 'insurance.employerSocialInsuranceNo', o.constantsPrefilled);
    await constant(u, '医保单位编号', 'insurance.employerMedicalInsuranceNo', o.constantsPrefilled);
  }
  for (const c of await u.cur().locator('#f-insurance-insuranceTypes [role="checkbox"]').all()) {
    expect(await c.getAttribute('aria-checked')).toBe('true');
  }
  if (!o.carried) {
    await u.type('月缴费工资（元/月）', '6000');
    await u.pickDate('本次参保日期', today);
  }
  await s('insurance');
  await next(u, '用工备案');

  // 5 用工备案 (carried over from the previous hire: confirm)
  if (o.carried) expect(await valueOf(u, '岗位工作')).toBe('电力运行值班员');
  else await u.type('岗位工作', '电力运行值班员');
  if (!o.carried) {
  await u.pick('用工形式', '全日制');
  await u.pick('合同期限类型', '无固定期限');
  await u.pickDate('合同起始日期', today);
  await u.pick('工时制度', '标准工时制');
  await u.pickCascade('管理岗位、专业技术等级、职业技术等级', ['2 职业技能等级', '24 四级/中级工']);
  await u.type('周工作小时数', '40');
  await u.type('工资报酬合计（元/年）', '72000');
  await u.type('基本工资（元/年）', '48000');
  await u.type('绩效工资（元/年）', '18000');
  await u.type('津补贴（元/年）', '6000');
  await u.type('加班加点工资（元/年）', '0');
  await u.choose('是否为农民工：否');
  await u.choose('是否为工会会员：是');
  }
  await s('labor');
  await next(u, '公积金');

  // 6 公积金
  if (o.carried) {
    expect(await valueOf(u, '公积金单位账号')).toBe(CONSTANTS['公积金单位账号']);
    expect(await valueOf(u, '缴存基数')).toBe('6000');
  } else {
    await constant(u, '公积金单位账号', 'housingFund.employerAccountNo', o.constantsPrefilled);
    await u.type('缴存基数', '6000');
    await constant(u, '单位缴存比例', 'housingFund.employerRateBp', o.constantsPrefilled);
    await u.type('个人缴存比例', '12');
    await u.type('月缴存额', '1440');
  }
  await s('fund');
  await next(u, '材料');
  await u.see('最多三份材料');
  await u.see('敏感个人信息单独告知'); // the separate consent comes before any photo
  if (o.materials === 'photos') {
    await u.tapButton('已阅读并同意，上传证件照片');
    await u.see(/已单独同意/);
    for (const [n, side] of [[1, 'front'], [2, 'back']] as const) {
      // a real picture (a PNG of the screen) through chooseMedia's file input
      const photo = await u.page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 200 } });
      const chooser = u.page.waitForEvent('filechooser');
      await u.cur().locator('.nut-uploader-upload').first().tap();
      await (await chooser).setFiles({ name: `id-${side}.png`, mimeType: 'image/png', buffer: photo });
      await u.see(`已上传 ${n}/4`);
    }
    const download = u.page.waitForEvent('download');
    await u.tapButton('预览合同（Word 文档）');
    expect((await download).suggestedFilename()).toBe('劳动合同.docx');
    await u.see(/合同内容指纹 SHA-256：[0-9a-f]{8}…[0-9a-f]{8}/);
  } else {
    await u.tapButton('不同意，到窗口核验证件');
    await u.see('已选择不上传照片');
  }
  await s('materials');
  await next(u, '核对提交');
  await u.see(o.materials === 'photos' ? '有效身份证件：已上传 2 张身份证件照片（加密保存）' : '有效身份证件：未上传照片：员工需携带身份证件到窗口核验');
  await u.see('劳动合同：按《劳动合同（通用）》由申请表生成');

  // 8 核对提交: the seven items, each green or amber.
  await u.see('七个事项预检');
  const panel = u.cur().locator('.pc');
  for (const item of PRECHECK_ITEMS) {
    const row = panel.locator(`[data-testid="pc-${item}"]`);
    await row.waitFor();
    const cls = (await row.getAttribute('class')) ?? '';
    expect([item, /pc-(green|amber)/.test(cls) ? 'green or amber' : cls]).toEqual([item, 'green or amber']);
  }
  expect(await panel.locator('.pc-item').count()).toBe(7);
  expect(await panel.locator('.pc-red').count()).toBe(0);
  await s('precheck');

  await u.tapButton('提交，七个事项一次办理');
  await u.see('已提交', 30_000);
  const result = u.cur().locator('.card').filter({ hasText: '申请号' });
  const head = (await result.locator('.muted').first().textContent()) ?? '';
  const id = /申请号 (\S+)/.exec(head)?.[1];
  expect(id).toBeTruthy();
  // the result shows the person masked: 测***甲（150***********0020）
  expect(head).toContain(`${o.person.name[0]}***${o.person.name.at(-1)}（${o.person.masked}）`);

  // every instant item done, with its result number on screen
  for (const item of INSTANT_ITEMS) {
    const row = result.locator('.wz-result').filter({ has: u.page.locator('.wz-result-name').getByText(item.name, { exact: true }) });
    expect([item.short, await row.count()]).toEqual([item.short, 1]);
    expect([item.short, await row.locator('.wz-state').textContent()]).toEqual([item.short, '已办结']);
    const line = (await row.locator('.dt-result').filter({ hasText: `${item.result}：` }).textContent()) ?? '';
    expect([item.short, line.replace(`${item.result}：`, '')]).toEqual([item.short, expect.stringMatching(item.pattern)]);
  }
  await s('result');
  return id!;
}

describe('入职一件事 (H5, a touch phone)', () => {
  test('1. a new HR user binds the enterprise and files a hire of 测试员工甲, typing only what auto-fill cannot know', async () => {
    hr = await newPhone();
    await openAndLogIn(hr, HR_CODE, { privacy: '01-privacy', login: '02-login' });

    // 2a: bind the enterprise through the (simulated) legal representative's 电子营业执照 authorization
    await hr.see('2a. 我是企业人事（HR）');
    await hr.input('统一社会信用代码').fill(USCC);
    await hr.tapButton('模拟法定代表人授权（开发模式）');
    await hr.see('已取得模拟授权码');
    expect(await hr.input('电子营业执照授权码').inputValue()).not.toBe('');
    await hr.tapButton('绑定企业');
    await hr.see('企业绑定成功');
    await hr.see('已登录（hr）');
    await shot(hr, '03-bind');
    await hr.tapButton('完成，返回首页');
    await hr.see(`已绑定企业 ${USCC}`);
    await hr.tapButton('新录用一件事');

    const steps: Record<string, string> = {
      employer: '04-wizard-employer',
      employee: '05-wizard-employee',
      registration: '06-wizard-registration',
      insurance: '07-wizard-insurance',
      labor: '08a-wizard-labor',
      fund: '08b-wizard-housing-fund',
      materials: '08c-wizard-materials',
      precheck: '09-precheck',
      result: '10-result',
    };
    firstHireId = await fileHire(hr, { person: EMPLOYEE_A, constantsPrefilled: false, materials: 'photos', shots: (step) => steps[step] });
    console.log(`first hire (测试员工甲): ${hr.count} fields typed or picked: ${hr.entered.join('、')}`);

    // read back to assert: the instant items are done on the server too
    // (Taro's H5 storage keeps `{"data": value}` under each key)
    const api = e.h.api();
    api.token = await hr.page.evaluate(() => JSON.parse(localStorage.getItem('hire-once.token') ?? 'null')?.data ?? undefined);
    expect(api.token).toBeTruthy();
    const app = await api.get(`/api/applications/${encodeURIComponent(firstHireId)}`);
    expect(app.status).toBe(200);
    for (const item of INSTANT_ITEMS) {
      expect([item.short, app.body.items.find((i: { name: string }) => i.name === item.name)?.state]).toEqual([item.short, 'done']);
    }
    // the two photos and the generated contract went with the filing
    expect(app.body.materials.identityDocument).toHaveLength(2);
    expect(app.body.materials.laborContract).toMatchObject({ mode: 'generated', contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // the submit tap asked for subscribe messages (H5: the simulator plays WeChat's dialog): ONE push for the
    // filing and its instant items, and the same in 消息 (opened in a second tab of the same phone)
    const pushes = await poll(async () => {
      const r = (await (await fetch(`${e.h.stack.baseUrl}/sim/wechat/_dev/messages?touser=${simulatedOpenid(HR_CODE)}`)).json()) as { messages: { data: Record<string, { value: string }> }[] };
      return r.messages.length ? r.messages : undefined;
    }, 'the WeChat push');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.data.phrase2!.value).toBe('部分办结');
    const tab = new Phone(hr.context, await hr.context.newPage());
    await tab.page.goto(`${e.h.stack.baseUrl}/packageEmployee/pages/inbox/index`);
    await tab.see('已受理，即时事项已办结');
    await tab.see(/已通过微信通知/);
    await tab.see('1 条未读');
    await shot(tab, '10b-inbox');
    await tab.page.close();
  });

  test('2. a second hire (测试员工乙) by the same HR user starts with the employer constants prefilled', async () => {
    expect(firstHireId).toBeTruthy();
    await startNextHire(hr);
    const id = await fileHire(hr, {
      person: EMPLOYEE_B,
      constantsPrefilled: true,
      carried: true,
      materials: 'window',
      education: ['60 普通高级中学教育', '61 普通高中毕业'],
      shots: (step) => ({ employee: '11-second-employee', registration: '12-second-registration', precheck: '13-second-precheck', result: '14-second-result' })[step],
    });
    expect(id).not.toBe(firstHireId);
    expect(hr.count).toBeLessThanOrEqual(12); // the target for a second hire of the same enterprise

    console.log(`second hire (测试员工乙): ${hr.count} fields typed or picked: ${hr.entered.join('、')}`);
  });

  test('3. bad input shows Chinese messages at the right fields, and a red pre-check item jumps to its field', async () => {
    expect(hr).toBeDefined();
    await startNextHire(hr);
    await next(hr, '人员');

    // an ID number with a wrong check character
    await hr.type('证件号码', '15030219950315002X');
    await hr.type('员工姓名', '测试员工甲');
    const idError = hr.field('employee.documentNumber').locator('.error');
    await idError.waitFor();
    expect(await idError.textContent()).toMatch(/^证件号码校验位不正确/);
    // a mobile number that is not one
    await hr.type('联系电话', '12345');
    const phoneError = hr.field('employee.phone').locator('.error');
    await phoneError.waitFor();
    expect(await phoneError.textContent()).toBe('请填写11位中国大陆手机号码');
    // the messages sit under their own fields, not elsewhere
    expect(await hr.field('employee.name').locator('.error').count()).toBe(0);
    await shot(hr, '20-bad-input');
    // leaving the step with errors is refused, in Chinese
    await hr.tapButton('下一步');
    await hr.see(/本页还有 \d+ 项需要修改/);

    // fix them, go on to 用工备案 and agree 48 hours a week under 标准工时制
    await hr.type('证件号码', EMPLOYEE_A.id);
    await idError.waitFor({ state: 'detached' });
    await hr.see('已自动填入人员信息，请核对');
    await hr.type('联系电话', '13800471234');
    await phoneError.waitFor({ state: 'detached' });
    await hr.cur().locator('[aria-label="第5步 用工备案"]').tap();
    await hr.cur().locator('.wz-step-on').filter({ hasText: '用工备案' }).waitFor();
    await hr.type('岗位工作', '电力运行值班员');
    await hr.pick('用工形式', '全日制');
    await hr.pick('合同期限类型', '无固定期限');
    await hr.pickDate('合同起始日期', today);
    await hr.pick('工时制度', '标准工时制');
    // (not “9 无”: a root option without children never closes the cascader — see the report)
    await hr.pickCascade('管理岗位、专业技术等级、职业技术等级', ['2 职业技能等级', '25 五级/初级工']);
    await hr.type('周工作小时数', '48');
    await hr.type('工资报酬合计（元/年）', '72000');
    await hr.type('基本工资（元/年）', '72000');
    await hr.type('绩效工资（元/年）', '0');
    await hr.type('津补贴（元/年）', '0');
    await hr.type('加班加点工资（元/年）', '0');
    await hr.choose('是否为农民工：否');
    await hr.choose('是否为工会会员：否');
    await hr.cur().locator('[aria-label="第8步 核对提交"]').tap();
    await hr.see('七个事项预检');

    const labor = hr.cur().locator('[data-testid="pc-labor_filing"]');
    await labor.waitFor();
    expect(await labor.getAttribute('class')).toContain('pc-red');
    expect(await labor.locator('.pc-status').textContent()).toBe('无法办理');
    const finding = labor.locator('.pc-finding').filter({ hasText: '标准工时制每周工作时间不得超过40小时' });
    await finding.waitFor();
    expect(await finding.locator('.pc-src').textContent()).toContain('国务院令第174号');
    // the submit button is disabled while an item is red
    expect(await hr.button('提交，七个事项一次办理').getAttribute('disabled')).not.toBeNull();
    await finding.scrollIntoViewIfNeeded();
    await shot(hr, '21-precheck-red');

    await finding.getByText('去修改 ›', { exact: true }).tap();
    await hr.cur().locator('.wz-step-on').filter({ hasText: '用工备案' }).waitFor();
    const hours = hr.field('laborFiling.weeklyHours');
    await poll(async () => ((await hours.getAttribute('class')) ?? '').includes('fi-highlight'), 'the weekly hours field highlighted');
    await poll(async () => hours.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    }), 'the weekly hours field scrolled into view');
    expect(await hr.input('周工作小时数').inputValue()).toBe('48');
    await shot(hr, '22-jump-to-field');
  });

  test('4. an employee verifies as 测试员工甲 and sees the hire in 我的记录', async () => {
    expect(firstHireId).toBeTruthy();
    const emp = await newPhone();
    await openAndLogIn(emp, 'h5-dev-employee-e2e-0001', { privacy: '30-employee-privacy', login: '31-employee-login' });
    await emp.see('2b. 我是新员工');
    await emp.input('证件号码').fill(EMPLOYEE_A.id);
    await emp.input('姓名').fill(EMPLOYEE_A.name);
    await emp.tapButton('实名认证（模拟人脸核身通过）');
    await emp.see('实名认证成功');
    await emp.see('已登录（employee）');
    await shot(emp, '32-employee-verified');
    await emp.tapButton('完成，返回首页');
    // the app shows the name masked (测***甲)
    await emp.see(`${EMPLOYEE_A.name[0]}***${EMPLOYEE_A.name.at(-1)}，查看单位为您办理的入职事项`);
    await emp.tapButton('我的记录');
    const card = emp.cur().locator('.sl-item').filter({ hasText: EMPLOYEE_A.masked });
    await card.first().waitFor();
    expect(await card.count()).toBe(1);
    const text = (await card.first().innerText()).replace(/\s+/g, ' ');
    expect(text).toContain(EMPLOYEE_A.masked);
    expect(text).toContain(ENTERPRISE);
    expect(text).toMatch(/[5-7]\/7 已办结/);
    expect(text).not.toContain(EMPLOYEE_A.id);
    // 测试员工乙's hire is not theirs
    expect(await emp.cur().getByText(EMPLOYEE_B.masked).count()).toBe(0);
    await shot(emp, '33-employee-records');
    await card.first().tap();
    await emp.see(`申请号 ${firstHireId}`);
    await emp.see('劳动用工备案');
    // the materials filed with the hire; the employee can open their own contract
    await emp.see('有效身份证件：2 张照片（加密保存）');
    const contract = emp.page.waitForEvent('download');
    await emp.tapButton('查看劳动合同');
    expect((await contract).suggestedFilename()).toBe('劳动合同.docx');
    await shot(emp, '34-employee-record-detail');
    await emp.context.close();
  });
});
