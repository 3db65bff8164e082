import type { TDepartment } from '@/domain/items/catalog';

export const STATE_TEXT: Record<string, string> = { submitted: '已提交', processing: '办理中', done: '已办结', needs_correction: '需补正', rejected: '不予受理' };

export const DEPARTMENTS: { key: TDepartment; name: string }[] = [
  { key: 'hrss', name: '人社局' },
  { key: 'medical_security', name: '医保局' },
  { key: 'housing_fund_center', name: '公积金中心' },
];
