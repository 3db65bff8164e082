/**
 * The seven items (事项) that 企业员工录用一件事 turns into one thing.
 *
 * Source: 乌海市人力资源和社会保障局《“企业员工录用一件事”业务流程再造工作方案》
 * (乌人社办发〔2022〕86号, 2022-12-27), section (五) 办理时限 table, the (四) 办理流程
 * chart (which carries the medical-insurance item's promised limit, absent from the
 * table), and 附件1 一套材料文件清单 for the materials each item uses.
 */
import { z } from 'zod';

export const ZItemCodeSchema = z.enum([
  'pension_insurance',
  'medical_insurance',
  'employment_registration',
  'employment_certificate',
  'labor_filing',
  'social_security_card',
  'housing_fund_account',
]);
export type TItemCode = z.infer<typeof ZItemCodeSchema>;

export const ZMaterialCodeSchema = z.enum(['application_form', 'identity_document', 'labor_contract']);
export type TMaterialCode = z.infer<typeof ZMaterialCodeSchema>;

export const ZDepartmentSchema = z.enum(['hrss', 'medical_security', 'housing_fund_center']);
export type TDepartment = z.infer<typeof ZDepartmentSchema>;

export const DEPARTMENT_NAMES: Record<TDepartment, string> = {
  hrss: '人力资源和社会保障局',
  medical_security: '医疗保障局',
  housing_fund_center: '住房公积金管理中心',
};

/** A time limit as the seed states it. */
export type TTimeLimit =
  | { kind: 'instant' } // 即办件
  | { kind: 'working_days'; days: number } // N 个工作日
  | { kind: 'none' } // 无 (no statutory limit)
  | { kind: 'unstated' }; // the seed gives none

export interface TItemVariant {
  /** `default`, or the card's / certificate's variants. */
  key: 'default' | 'physical' | 'electronic' | 'physical_batch' | 'physical_sporadic';
  label: string;
  legal: TTimeLimit; // 法定时限
  promised: TTimeLimit; // 原承诺时限
  oneThing: TTimeLimit; // 一件事时限
}

export interface TItem {
  code: TItemCode;
  name: string;
  shortName: string;
  department: TDepartment;
  /** 实施层级 */
  levels: readonly string[];
  variants: readonly TItemVariant[];
  materials: readonly TMaterialCode[];
  /** Items that must be done before this one can be. */
  dependsOn: readonly TItemCode[];
  /** Where the seed states it, or why we set it. */
  note?: string;
}

const instant: TTimeLimit = { kind: 'instant' };
const wd = (days: number): TTimeLimit => ({ kind: 'working_days', days });
const ALL_LEVELS = ['自治区级', '市级', '旗县区级'] as const;
const CITY_LEVELS = ['市级', '旗县区级'] as const;

export const MATERIALS: Record<TMaterialCode, { name: string; note: string }> = {
  application_form: { name: '企业员工入职一件事申请表', note: '线上填报即生成，无需另行提交' },
  identity_document: { name: '有效身份证件', note: '居民身份证或其他有效身份证件' },
  labor_contract: { name: '劳动合同', note: '可按《劳动合同（通用）》由申请表生成' },
};

export const ITEM_CATALOG: readonly TItem[] = [
  {
    code: 'pension_insurance',
    name: '职工参保/续保登记（社会保险）',
    shortName: '社保参保',
    department: 'hrss',
    levels: ALL_LEVELS,
    variants: [{ key: 'default', label: '', legal: wd(1), promised: wd(1), oneThing: instant }],
    materials: ['application_form', 'identity_document'],
    dependsOn: [],
    note: '含职工基本养老、失业、工伤保险',
  },
  {
    code: 'medical_insurance',
    name: '职工参保/续保登记（基本医疗）',
    shortName: '医保参保',
    department: 'medical_security',
    levels: ALL_LEVELS,
    variants: [{ key: 'default', label: '', legal: wd(1), promised: wd(1), oneThing: instant }],
    materials: ['application_form', 'identity_document'],
    dependsOn: [],
    note: '含职工基本医疗（生育）保险；时限表未列本项，承诺时限取自办理流程图，实施层级按社保参保设定',
  },
  {
    code: 'employment_registration',
    name: '就业登记',
    shortName: '就业登记',
    department: 'hrss',
    levels: CITY_LEVELS,
    variants: [{ key: 'default', label: '', legal: wd(7), promised: wd(3), oneThing: instant }],
    materials: ['application_form', 'identity_document'],
    dependsOn: [],
  },
  {
    code: 'employment_certificate',
    name: '就业创业证申领',
    shortName: '就业创业证',
    department: 'hrss',
    levels: CITY_LEVELS,
    variants: [
      { key: 'physical', label: '实体证', legal: wd(7), promised: wd(3), oneThing: wd(3) },
      { key: 'electronic', label: '电子证', legal: wd(7), promised: instant, oneThing: instant },
    ],
    materials: [],
    dependsOn: ['employment_registration'],
    note: '依据就业登记信息发证，一套材料清单未单列材料',
  },
  {
    code: 'labor_filing',
    name: '劳动用工备案',
    shortName: '用工备案',
    department: 'hrss',
    levels: ALL_LEVELS,
    variants: [{ key: 'default', label: '', legal: { kind: 'none' }, promised: instant, oneThing: instant }],
    materials: ['application_form', 'identity_document', 'labor_contract'],
    dependsOn: [],
  },
  {
    code: 'social_security_card',
    name: '社会保障卡申领',
    shortName: '社保卡',
    department: 'hrss',
    levels: ALL_LEVELS,
    variants: [
      { key: 'physical_batch', label: '实体卡（批量办卡）', legal: wd(30), promised: wd(5), oneThing: wd(5) },
      { key: 'physical_sporadic', label: '实体卡（零星办卡）', legal: wd(5), promised: instant, oneThing: instant },
      { key: 'electronic', label: '电子社保卡', legal: wd(1), promised: wd(1), oneThing: instant },
    ],
    materials: ['identity_document'],
    dependsOn: ['pension_insurance'],
    note: '社保卡承载社会保障号码，须在社保参保登记之后申领',
  },
  {
    code: 'housing_fund_account',
    name: '个人住房公积金账户设立',
    shortName: '公积金开户',
    department: 'housing_fund_center',
    levels: ['住房公积金管理中心'],
    variants: [{ key: 'default', label: '', legal: { kind: 'unstated' }, promised: instant, oneThing: instant }],
    materials: ['application_form', 'identity_document', 'labor_contract'],
    dependsOn: [],
  },
];

export const ITEMS_BY_CODE: Record<TItemCode, TItem> = Object.fromEntries(
  ITEM_CATALOG.map((item) => [item.code, item]),
) as Record<TItemCode, TItem>;

export function describeTimeLimit(limit: TTimeLimit): string {
  switch (limit.kind) {
    case 'instant':
      return '即办件';
    case 'working_days':
      return `${limit.days}个工作日`;
    case 'none':
      return '无';
    case 'unstated':
      return '未规定';
  }
}

/** The items in an order that respects `dependsOn` (stable by catalog order). */
export function itemsInDependencyOrder(): TItemCode[] {
  const done = new Set<TItemCode>();
  const order: TItemCode[] = [];
  while (order.length < ITEM_CATALOG.length) {
    const before = order.length;
    for (const item of ITEM_CATALOG) {
      if (!done.has(item.code) && item.dependsOn.every((d) => done.has(d))) {
        done.add(item.code);
        order.push(item.code);
      }
    }
    if (order.length === before) throw new Error('事项依赖存在循环');
  }
  return order;
}
