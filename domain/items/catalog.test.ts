import { describeTimeLimit, ITEM_CATALOG, ITEMS_BY_CODE, itemsInDependencyOrder, MATERIALS } from '../index';

describe('the seven items (乌人社办发〔2022〕86号)', () => {
  it('lists exactly the seven items with their departments', () => {
    expect(ITEM_CATALOG.map((i) => [i.code, i.name, i.department])).toEqual([
      ['pension_insurance', '职工参保/续保登记（社会保险）', 'hrss'],
      ['medical_insurance', '职工参保/续保登记（基本医疗）', 'medical_security'],
      ['employment_registration', '就业登记', 'hrss'],
      ['employment_certificate', '就业创业证申领', 'hrss'],
      ['labor_filing', '劳动用工备案', 'hrss'],
      ['social_security_card', '社会保障卡申领', 'hrss'],
      ['housing_fund_account', '个人住房公积金账户设立', 'housing_fund_center'],
    ]);
  });

  it('carries the time-limit table of section (五)', () => {
    const table = ITEM_CATALOG.flatMap((i) =>
      i.variants.map((v) => [i.code, v.key, describeTimeLimit(v.legal), describeTimeLimit(v.promised), describeTimeLimit(v.oneThing)]),
    );
    expect(table).toEqual([
      ['pension_insurance', 'default', '1个工作日', '1个工作日', '即办件'],
      ['medical_insurance', 'default', '1个工作日', '1个工作日', '即办件'],
      ['employment_registration', 'default', '7个工作日', '3个工作日', '即办件'],
      ['employment_certificate', 'physical', '7个工作日', '3个工作日', '3个工作日'],
      ['employment_certificate', 'electronic', '7个工作日', '即办件', '即办件'],
      ['labor_filing', 'default', '无', '即办件', '即办件'],
      ['social_security_card', 'physical_batch', '30个工作日', '5个工作日', '5个工作日'],
      ['social_security_card', 'physical_sporadic', '5个工作日', '即办件', '即办件'],
      ['social_security_card', 'electronic', '1个工作日', '1个工作日', '即办件'],
      ['housing_fund_account', 'default', '未规定', '即办件', '即办件'],
    ]);
  });

  it('uses the three materials as 附件1 assigns them (16 → 3)', () => {
    expect(Object.keys(MATERIALS)).toEqual(['application_form', 'identity_document', 'labor_contract']);
    const usedBy = (m: string) => ITEM_CATALOG.filter((i) => (i.materials as readonly string[]).includes(m)).map((i) => i.code).sort();
    expect(usedBy('application_form')).toEqual(['employment_registration', 'housing_fund_account', 'labor_filing', 'medical_insurance', 'pension_insurance']);
    expect(usedBy('identity_document')).toEqual(
      ['employment_registration', 'housing_fund_account', 'labor_filing', 'medical_insurance', 'pension_insurance', 'social_security_card'],
    );
    expect(usedBy('labor_contract')).toEqual(['housing_fund_account', 'labor_filing']);
  });

  it('orders items by their dependencies', () => {
    expect(ITEMS_BY_CODE.social_security_card.dependsOn).toEqual(['pension_insurance']);
    expect(ITEMS_BY_CODE.employment_certificate.dependsOn).toEqual(['employment_registration']);
    const order = itemsInDependencyOrder();
    expect(order).toHaveLength(7);
    for (const item of ITEM_CATALOG) for (const dep of item.dependsOn) expect(order.indexOf(dep)).toBeLessThan(order.indexOf(item.code));
  });
});
