import { FORM_FIELDS, parseWithIssues, ZApplicationSchema, ZEmployeeSchema, type TFieldSource } from '../index';
import { validApplication, withChanges } from '../../tests/fixtures/application';

const S: Record<string, TFieldSource> = { 市监: 'market_regulation', 公安: 'public_security', 人社部: 'mohrss', 手工: 'manual', 系统: 'system' };

/**
 * Every field of 附件1 企业员工入职一件事申请表, with the source the seed gives it
 * and whether it may also be typed by hand (“也可手工录入”).
 */
const SEED_FIELDS: readonly [section: string, label: string, source: keyof typeof S, manual: boolean, widget?: string][] = [
  ['单位基本信息', '统一社会信用代码', '市监', false],
  ['单位基本信息', '单位名称', '市监', false],
  ['单位基本信息', '企业地址', '市监', false],
  ['单位基本信息', '法定代表人姓名', '市监', false],
  ['单位基本信息', '联系人姓名', '市监', true, 'text'],
  ['单位基本信息', '联系人电话', '市监', true, 'text'],
  ['单位基本信息', '产业类别', '市监', false],
  ['单位基本信息', '单位所在行政区划', '市监', false],
  ['单位基本信息', '所属行业', '市监', false],
  ['录用人员信息', '证件类型', '手工', true, 'select'],
  ['录用人员信息', '证件号码', '手工', true, 'text'],
  ['录用人员信息', '员工姓名', '公安', true, 'text'],
  ['录用人员信息', '性别', '公安', true, 'select'],
  ['录用人员信息', '联系电话', '手工', true, 'text'],
  ['录用人员信息', '民族', '公安', true, 'select'],
  ['录用人员信息', '学历', '人社部', true, 'select'],
  ['录用人员信息', '毕业院校', '人社部', true, 'text'],
  ['录用人员信息', '专业', '人社部', true, 'text'],
  ['录用人员信息', '毕业时间', '人社部', true, 'date'],
  ['录用人员信息', '户籍性质', '公安', true, 'select'],
  ['录用人员信息', '户籍地址', '公安', true, 'text'],
  ['录用人员信息', '常住地址', '手工', true, 'text'],
  ['就业登记信息', '就业单位编号', '手工', true],
  ['就业登记信息', '首次就业时间', '手工', true, 'date'],
  ['就业登记信息', '职业（工种）', '手工', true],
  ['社保/医保参保信息', '社保单位编号', '手工', true],
  ['社保/医保参保信息', '医保单位编号', '手工', true],
  ['社保/医保参保信息', '险种类型', '手工', true, 'checkbox'],
  ['社保/医保参保信息', '月缴费工资（元/月）', '手工', true],
  ['社保/医保参保信息', '本次参保日期', '手工', true, 'date'],
  ['劳动用工备案', '岗位工作', '手工', true, 'select'],
  ['劳动用工备案', '用工形式', '手工', true, 'select'],
  ['劳动用工备案', '合同期限类型', '手工', true, 'select'],
  ['劳动用工备案', '合同起始日期', '手工', true, 'date'],
  ['劳动用工备案', '管理岗位、专业技术等级、职业技术等级', '手工', true, 'select'],
  ['劳动用工备案', '周工作小时数', '手工', true],
  ['劳动用工备案', '工资报酬合计（元/年）', '手工', true],
  ['劳动用工备案', '基本工资（元/年）', '手工', true],
  ['劳动用工备案', '绩效工资（元/年）', '手工', true],
  ['劳动用工备案', '津补贴（元/年）', '手工', true],
  ['劳动用工备案', '加班加点工资（元/年）', '手工', true],
  ['劳动用工备案', '是否为农民工', '手工', true, 'checkbox'],
  ['劳动用工备案', '是否为工会会员', '手工', true, 'checkbox'],
  ['个人住房公积金账户设立', '公积金单位账号', '手工', true],
  ['个人住房公积金账户设立', '缴存基数', '手工', true],
  ['个人住房公积金账户设立', '单位缴存比例', '手工', true],
  ['个人住房公积金账户设立', '个人缴存比例', '手工', true],
  ['个人住房公积金账户设立', '月缴存额', '手工', true],
  ['填报人、经办人信息', '经办人', '系统', false],
  ['填报人、经办人信息', '填报日期', '系统', false, 'date'],
];

describe('the one form', () => {
  const rows = SEED_FIELDS.map(([section, label, source, manual, widget]) => [section, label, source, manual, widget ?? null] as const);
  it.each(rows)('%s has %s (source %s, hand entry %s, widget %s)', (section, label, source, manual, widget) => {
    const f = FORM_FIELDS.find((x) => x.meta.label === label);
    expect(f).toBeDefined();
    expect(f!.sectionTitle).toBe(section);
    expect(f!.meta.source).toBe(S[source]);
    expect(f!.meta.manualEntry).toBe(manual);
    if (widget) expect(f!.meta.widget).toBe(widget);
  });

  it('marks every field that is not on the seed as an addition, with the reason', () => {
    const seedLabels = new Set(SEED_FIELDS.map((f) => f[1]));
    const additions = FORM_FIELDS.filter((f) => !seedLabels.has(f.meta.label));
    expect(additions.map((f) => f.meta.label).sort()).toEqual(
      ['出生日期', '国籍（地区）', '合同终止日期', '工时制度', '试用期截止日期', '试用期月工资（元/月）'].sort(),
    );
    for (const f of additions) expect(f.meta.addition).toBeTruthy();
  });

  it('marks the employer-level values (typed once, reused per hire)', () => {
    expect(FORM_FIELDS.filter((f) => f.meta.employerLevel).map((f) => f.meta.label).sort()).toEqual(
      ['公积金单位账号', '医保单位编号', '单位缴存比例', '就业单位编号', '社保单位编号'].sort(),
    );
  });

  it('keeps money in integer fen', () => {
    const money = FORM_FIELDS.filter((f) => f.meta.unit?.startsWith('fen'));
    expect(money.length).toBe(9);
    for (const f of money) expect(f.key).toMatch(/Fen$/);
    const r = parseWithIssues(ZApplicationSchema, withChanges('laborFiling', { annualBasicPayFen: 4_800_000.5 }));
    expect(r.success).toBe(false);
    if (!r.success) expect(r.issues).toEqual([{ path: ['laborFiling', 'annualBasicPayFen'], code: 'invalid_type', message: '金额最小单位为分' }].map((i) => ({ ...i, code: expect.any(String) })));
  });

  it('parses the valid application and normalizes what people type', () => {
    const app = validApplication();
    const r = parseWithIssues(ZApplicationSchema, {
      ...app,
      employee: { ...app.employee, documentNumber: '１５０３０２ １９９５０３１５ ００２０', phone: '+86 138 0047 1234' },
    });
    expect(r.success).toBe(true);
    if (r.success) {
      expect(r.data.employee.documentNumber).toBe('150302199503150020');
      expect(r.data.employee.phone).toBe('13800471234');
    }
  });

  it.each([
    ['employee', { sex: '1' }, ['employee', 'sex'], '性别与证件号码不一致'],
    ['employee', { birthDate: '1995-03-16' }, ['employee', 'birthDate'], '出生日期与证件号码不一致（证件号码为1995-03-15）'],
    ['employee', { documentType: '02' }, ['employee', 'documentType'], '该证件类型不能用于办理入职登记，请选择居民身份证、居住证、通行证、永居证或护照'],
    ['employee', { ethnicGroup: undefined }, ['employee', 'ethnicGroup'], '请选择民族'],
    ['employee', { phone: '12345' }, ['employee', 'phone'], '请填写11位中国大陆手机号码'],
    ['employee', { name: '张\u0000伟' }, ['employee', 'name'], '含有不可见的控制字符，请重新输入'],
    ['employee', { name: undefined }, ['employee', 'name'], '此项为必填项'],
    ['employee', { graduationDate: '1990-01-01' }, ['employee', 'graduationDate'], '毕业时间应晚于出生日期'],
    ['employer', { uscc: '91150302MA0N1A2B38' }, ['employer', 'uscc'], '统一社会信用代码校验位不正确，请核对是否输错'],
    ['employer', { divisionCode: '150300' }, ['employer', 'divisionCode'], '请选择到区县一级的行政区划'],
    ['employer', { industryCode: 'I' }, ['employer', 'industryCode'], '请选择行业大类（两位代码）'],
    ['insurance', { insuranceTypes: [] }, ['insurance', 'insuranceTypes'], '至少选择一个险种'],
    ['insurance', { insuranceTypes: ['110', '110'] }, ['insurance', 'insuranceTypes'], '险种不能重复'],
    ['insurance', { monthlyContributionWageFen: -1 }, ['insurance', 'monthlyContributionWageFen'], '金额不能为负数'],
    ['insurance', { insuranceStartDate: '2026-02-30' }, ['insurance', 'insuranceStartDate'], '请选择有效的日期（YYYY-MM-DD）'],
    ['laborFiling', { contractEndDate: '2026-11-30' }, ['laborFiling', 'contractEndDate'], '合同终止日期不能早于起始日期'],
    ['laborFiling', { weeklyHours: 40.2 }, ['laborFiling', 'weeklyHours'], '以半小时为单位填写'],
    ['laborFiling', { employmentForm: '7' }, ['laborFiling', 'employmentForm'], '请从“用工形式”的可选项中选择'],
    ['housingFund', { employerRateBp: 12.5 }, ['housingFund', 'employerRateBp'], '比例最多保留两位小数'],
  ] as const)('%s %j → %j: %s', (section, changes, path, message) => {
    const r = parseWithIssues(ZApplicationSchema, withChanges(section, changes as never));
    expect(r.success).toBe(false);
    if (!r.success) expect(r.issues).toContainEqual(expect.objectContaining({ path, message }));
  });

  it('refuses fields the form does not have', () => {
    const app = validApplication();
    const r = parseWithIssues(ZApplicationSchema, { ...app, employee: { ...app.employee, salary: 1 }, extra: true });
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.issues.map((i) => i.path)).toEqual(expect.arrayContaining([['employee'], []]));
      for (const i of r.issues) expect(i.message).toMatch(/表单中没有以下字段/);
    }
  });

  it('validates each document type by its own rules', () => {
    const base = validApplication().employee;
    const foreign = { ...base, documentType: '08', documentNumber: 'X1234567', ethnicGroup: undefined, hukouNature: undefined, hukouAddress: undefined };
    expect(ZEmployeeSchema.safeParse({ ...foreign, nationality: '840' }).success).toBe(true);
    const missing = parseWithIssues(ZEmployeeSchema, foreign);
    expect(missing.success).toBe(false);
    const hk = { ...foreign, documentType: '04', documentNumber: 'H12345678' };
    expect(ZEmployeeSchema.safeParse(hk).success).toBe(true);
  });
});
