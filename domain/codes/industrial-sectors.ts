/**
 * 产业类别 (三次产业), as 市监 data shares it for an enterprise.
 *
 * Standard: 国家统计局《三次产业划分规定》(2012, revised 2018 to follow
 * GB/T 4754-2017): 第一产业 = 农、林、牧、渔业 (except 农林牧渔专业及辅助性活动);
 * 第二产业 = 采矿业 (except 开采专业及辅助性活动), 制造业 (except 金属制品、机械和
 * 设备修理业), 电力热力燃气及水生产和供应业, 建筑业; 第三产业 = the rest.
 * Codes 1/2/3 are the sector numbers themselves.
 */
import { defineCodeTable } from './code-table';

export const INDUSTRIAL_SECTORS = defineCodeTable({
  id: 'industrial-sectors',
  title: '产业类别',
  standard: '国家统计局《三次产业划分规定》（2018年修订）',
  source: '三次产业的名称与编号取自该规定；代码即产业序号',
  entries: [
    { code: '1', name: '第一产业' },
    { code: '2', name: '第二产业' },
    { code: '3', name: '第三产业' },
  ],
});
