import { ZApplicationSchema } from '../../domain';
import { validApplication } from '../../tests/fixtures/application';
import { contractContentSha256, contractText, generateLaborContract } from './contract';

const app = ZApplicationSchema.parse(validApplication());

describe('the labor contract (劳动合同（通用）)', () => {
  it('fills the template from the form', () => {
    const text = contractText(app, '2026-11-26').join('\n');
    expect(text).toContain('甲方（用人单位）：乌海市海勃湾区示例能源有限公司');
    expect(text).toContain('统一社会信用代码：91150302MA0N1A2B37');
    expect(text).toContain('居民身份证号码：150302199503150020');
    expect(text).toContain('第1种方式');
    expect(text).toContain('1．固定期限：自2026年12月1日起至2029年11月30日止，其中，试用期从用工之日起至2027年5月31日止。');
    expect(text).toContain('乙方工作岗位是电力运行值班员');
    expect(text).toContain('本合同约定每周40小时');
    expect(text).toContain('乙方月基本工资4,000元');
    expect(text).toContain('试用期期间的工资计发标准为5,000元/月');
  });

  it('writes the open-ended and task-based forms', () => {
    const open = contractText({ ...app, laborFiling: { ...app.laborFiling, contractTermType: '2', contractEndDate: undefined } }, '2026-11-26').join('\n');
    expect(open).toContain('2．无固定期限：自2026年12月1日起至依法解除、终止劳动合同时止');
    const task = contractText({ ...app, laborFiling: { ...app.laborFiling, contractTermType: '3', contractEndDate: undefined, probationEndDate: undefined } }, '2026-11-26').join('\n');
    expect(task).toContain('3．以完成一定工作任务为期限');
  });

  it('renders a .docx, with a content hash that changes with the content', async () => {
    const { docx } = await generateLaborContract(app, '2026-11-26');
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    expect(contractContentSha256(app, '2026-11-26')).toBe(contractContentSha256(app, '2026-11-26'));
    expect(contractContentSha256({ ...app, laborFiling: { ...app.laborFiling, post: '会计' } }, '2026-11-26')).not.toBe(contractContentSha256(app, '2026-11-26'));
  });
});
