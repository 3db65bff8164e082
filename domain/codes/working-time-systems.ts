/**
 * 工时制度。
 *
 * 依据：
 * - 标准工时制：《中华人民共和国劳动法》第三十六条；现行时长按《国务院关于职工工作时间的规定》
 *   （1995 年修订）每日 8 小时、每周 40 小时。
 * - 综合计算工时工作制、不定时工作制：劳动法第三十九条；原劳动部《关于企业实行不定时工作制和
 *   综合计算工时工作制的审批办法》（劳部发〔1994〕503号）——这两种须经人社部门审批。
 * 代码 '1' '2' '3' 是本项目业务码，不是国家标准代码；`alias` 是稳定的英文键。
 */
import { defineCodeTable } from './code-table';

export const WORKING_TIME_SYSTEMS = defineCodeTable({
  id: 'working-time-systems',
  title: '工时制度',
  standard: '《中华人民共和国劳动法》第三十六条、第三十九条；劳部发〔1994〕503号；代码为本项目业务码',
  source: '三种工时制度取自劳动法及劳部发〔1994〕503号审批办法，代码自定',
  entries: [
    { code: '1', name: '标准工时制', alias: 'standard' },
    { code: '2', name: '综合计算工时工作制', alias: 'comprehensive' },
    { code: '3', name: '不定时工作制', alias: 'flexible' },
  ],
});
