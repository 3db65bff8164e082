/**
 * 性别, GB/T 2261.1-2003《个人基本信息分类与代码 第1部分：人的性别代码》.
 * The form offers 1 and 2; 0 (未知的性别) and 9 (未说明的性别) exist in the
 * standard for records, not for a hire.
 */
import { defineCodeTable } from './code-table';

export const SEXES = defineCodeTable({
  id: 'sexes',
  title: '性别',
  standard: 'GB/T 2261.1-2003',
  source: 'GB/T 2261.1-2003 表1（仅收表单可选的1男性、2女性）',
  entries: [
    { code: '1', name: '男', alias: 'male' },
    { code: '2', name: '女', alias: 'female' },
  ],
});
