/**
 * 用工形式。
 *
 * 标准：无国家标准代码。类别依据《中华人民共和国劳动合同法》：全日制用工（适用该法的一般规定）、
 * 劳务派遣（第五章第二节）、非全日制用工（第五章第三节，第六十八条起）。
 * 代码 '1' '2' '3' '9' 是本项目自定的业务码（未能找到人社部劳动用工备案数据字典的
 * 公开文本加以核对）；对接人社系统时须按其接口文档转换。
 * `alias` 是稳定的英文键，其他模块按 alias 查找，不要改动。
 *
 * 不收录：退休返聘、超龄用工等属劳务关系而非劳动关系，不是劳动合同法意义上的用工形式；
 * 劳务外包不是用工形式。确需登记时用“其他”。
 */
import { defineCodeTable } from './code-table';

export const EMPLOYMENT_FORMS = defineCodeTable({
  id: 'employment-forms',
  title: '用工形式',
  standard: '《中华人民共和国劳动合同法》（2012年修正）；代码为本项目业务码',
  source: '类别取自劳动合同法对全日制、非全日制用工和劳务派遣的规定；代码 1/2/3/9 为本项目自定',
  entries: [
    { code: '1', name: '全日制', alias: 'full_time' },
    { code: '2', name: '非全日制', alias: 'part_time' },
    { code: '3', name: '劳务派遣', alias: 'dispatched' },
    { code: '9', name: '其他', alias: 'other' },
  ],
});
