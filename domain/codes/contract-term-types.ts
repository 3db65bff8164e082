/**
 * 劳动合同期限类型。
 *
 * 依据：《中华人民共和国劳动合同法》（2012年修正）第十二条：“劳动合同分为固定期限劳动合同、
 * 无固定期限劳动合同和以完成一定工作任务为期限的劳动合同。”（另见第十三至十五条）
 * 代码 '1' '2' '3' 是本项目业务码（按法条列举顺序），不是国家标准代码；
 * `alias` 是稳定的英文键，其他模块按 alias 查找。
 */
import { defineCodeTable } from './code-table';

export const CONTRACT_TERM_TYPES = defineCodeTable({
  id: 'contract-term-types',
  title: '劳动合同期限类型',
  standard: '《中华人民共和国劳动合同法》第十二条；代码为本项目业务码',
  source: '劳动合同法第十二条列举的三种劳动合同，代码按法条顺序自定',
  entries: [
    { code: '1', name: '固定期限', alias: 'fixed' },
    { code: '2', name: '无固定期限', alias: 'open' },
    { code: '3', name: '以完成一定工作任务为期限', alias: 'task' },
  ],
});
