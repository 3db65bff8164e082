import { itemDueDates } from '../index';

describe('item due dates', () => {
  it('counts working days from the filing day', () => {
    expect(itemDueDates('employment_registration', '2026-09-30')).toEqual([
      { variant: 'default', label: '', legal: '2026-10-15', promised: '2026-10-10' /* 10-10 is a make-up Saturday */, oneThing: '2026-09-30' },
    ]);
  });
  it('dates an instant item filed on a holiday to the next working day', () => {
    expect(itemDueDates('labor_filing', '2026-10-01')).toEqual([
      { variant: 'default', label: '', legal: null, promised: '2026-10-08', oneThing: '2026-10-08' },
    ]);
  });
  it('keeps only the chosen variants', () => {
    expect(itemDueDates('social_security_card', '2026-11-26', ['electronic']).map((d) => d.variant)).toEqual(['electronic']);
  });
  it('leaves a date open, with a note, when the calendar lacks the year', () => {
    const [batch] = itemDueDates('social_security_card', '2026-11-26', ['physical_batch']);
    expect(batch).toEqual({
      variant: 'physical_batch',
      label: '实体卡（批量办卡）',
      legal: null, // 30 working days reach into 2027
      promised: '2026-12-03',
      oneThing: '2026-12-03',
      note: '缺少2027年法定节假日安排，期限待日历更新后计算',
    });
  });
});
