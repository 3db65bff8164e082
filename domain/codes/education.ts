/**
 * 学历代码。
 *
 * 标准：GB/T 4658-2006《学历代码》（代替 GB/T 4658-1984《文化程度代码》）。
 * 两位层次码：十位为教育层次，个位 1/2/3 多为毕业/结业/肄业（28 大学普通班毕业指
 * 1970—1976 年入学的普通高校毕业生）。全部 2 位代码均收录。
 *
 * 与标准文本的一处出入（有意为之，如实说明）：标准表中本科与专科共用一个类目行
 * “大学本科/专科教育”（公开转录中写作 20 或 20/30），专科毕业等 31–33 直接列于其下。
 * 为使每个毕业/结业/肄业代码都有 `parent`，本表把该类目拆成 20「大学本科教育」与
 * 30「大学专科教育」两行——这两行的名称是本表所拟，不是标准原文。
 *
 * 来源：按标准文本整理，并与多个公开系统中的 GB/T 4658-2006 代码表逐条核对
 * （代码与毕业/结业/肄业名称一致）。
 */
import { defineCodeTable } from './code-table';

export const EDUCATION_LEVELS = defineCodeTable({
  id: 'education-levels',
  title: '学历',
  standard: 'GB/T 4658-2006',
  source:
    'GB/T 4658-2006 全部 2 位代码；类目行 20/30 由标准的“大学本科/专科教育”拆分而来（名称为本表所拟），其余名称照标准',
  entries: [
    { code: '10', name: '研究生教育' },
    { code: '11', name: '博士研究生毕业', parent: '10' },
    { code: '12', name: '博士研究生结业', parent: '10' },
    { code: '13', name: '博士研究生肄业', parent: '10' },
    { code: '14', name: '硕士研究生毕业', parent: '10' },
    { code: '15', name: '硕士研究生结业', parent: '10' },
    { code: '16', name: '硕士研究生肄业', parent: '10' },
    { code: '17', name: '研究生班毕业', parent: '10' },
    { code: '18', name: '研究生班结业', parent: '10' },
    { code: '19', name: '研究生班肄业', parent: '10' },
    { code: '20', name: '大学本科教育' },
    { code: '21', name: '大学本科毕业', parent: '20' },
    { code: '22', name: '大学本科结业', parent: '20' },
    { code: '23', name: '大学本科肄业', parent: '20' },
    { code: '28', name: '大学普通班毕业', parent: '20' },
    { code: '30', name: '大学专科教育' },
    { code: '31', name: '大学专科毕业', parent: '30' },
    { code: '32', name: '大学专科结业', parent: '30' },
    { code: '33', name: '大学专科肄业', parent: '30' },
    { code: '40', name: '中等职业教育' },
    { code: '41', name: '中等专科毕业', parent: '40' },
    { code: '42', name: '中等专科结业', parent: '40' },
    { code: '43', name: '中等专科肄业', parent: '40' },
    { code: '44', name: '职业高中毕业', parent: '40' },
    { code: '45', name: '职业高中结业', parent: '40' },
    { code: '46', name: '职业高中肄业', parent: '40' },
    { code: '47', name: '技工学校毕业', parent: '40' },
    { code: '48', name: '技工学校结业', parent: '40' },
    { code: '49', name: '技工学校肄业', parent: '40' },
    { code: '60', name: '普通高级中学教育' },
    { code: '61', name: '普通高中毕业', parent: '60' },
    { code: '62', name: '普通高中结业', parent: '60' },
    { code: '63', name: '普通高中肄业', parent: '60' },
    { code: '70', name: '初级中学教育' },
    { code: '71', name: '初中毕业', parent: '70' },
    { code: '73', name: '初中肄业', parent: '70' },
    { code: '80', name: '小学教育' },
    { code: '81', name: '小学毕业', parent: '80' },
    { code: '83', name: '小学肄业', parent: '80' },
    { code: '90', name: '其他' },
  ],
});
