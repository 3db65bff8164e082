/** @jest-environment jsdom */
import { render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { applyAutofill, newDraft, sectionFields, setField, touchSection, visibleIssues, type TDraft, type TSectionKey } from '../../lib/form-state';
import SectionStep from './SectionStep';
import { typeInto } from '../../../test/ui';

/** The step as the wizard uses it: the draft in state, the draft's own checks as issues. */
function Harness({ initial, section }: { initial: TDraft; section: TSectionKey }) {
  const [draft, setDraft] = useState(initial);
  return <SectionStep draft={draft} section={section} issues={visibleIssues(draft, section)} onChange={(k, v, t) => setDraft((d) => setField(d, section, k, v, t))} />;
}

const fetchedAt = '2026-11-26T02:00:00.000Z';

describe('a section step (人员)', () => {
  it('shows every field of the section with its label, and the auto-filled ones with their source', () => {
    const filled = applyAutofill(newDraft(Date.UTC(2026, 10, 26)), 'employee', {
      values: {
        birthDate: { value: '1995-03-15', source: 'public_security', fetchedAt },
        hukouAddress: { value: '内蒙古自治区乌海市海勃湾区新华街1号', source: 'public_security', fetchedAt },
      },
    } as never);
    const { container } = render(<Harness initial={filled} section='employee' />);
    for (const f of sectionFields('employee').filter((f) => f.meta.widget === 'text')) expect(screen.getByLabelText(f.meta.label)).toBeTruthy();
    const address = container.querySelector('#f-employee-hukouAddress')!;
    expect(within(address as HTMLElement).getByText(/^公安/).textContent).toMatch(/^公安/);
    expect((screen.getByLabelText('户籍地址') as HTMLInputElement).value).toBe('内蒙古自治区乌海市海勃湾区新华街1号');
  });

  it('validates as the user types, with the Chinese message next to the field, and clears it when fixed', () => {
    const touched = touchSection(newDraft(Date.UTC(2026, 10, 26)), 'employee');
    const { container } = render(<Harness initial={touched} section='employee' />);
    const phone = screen.getByLabelText('联系电话') as HTMLInputElement;
    typeInto(phone, '1380047');
    const wrapper = container.querySelector('#f-employee-phone') as HTMLElement;
    expect(within(wrapper).getByText(/手机号码/)).toBeTruthy();
    typeInto(phone, '13800471234');
    expect(within(wrapper).queryByText(/手机号码/)).toBeNull();
    expect(phone.value).toBe('13800471234');
  });

  it('shows a server message for a field and the data sources that were down', () => {
    const d = { ...newDraft(Date.UTC(2026, 10, 26)), problems: { employee: ['公安数据共享暂不可用，请手工填写'] } };
    render(<SectionStep draft={setField(d, 'employee', 'name', '测试员工甲')} section='employee' issues={{ documentNumber: '证件号码与姓名不匹配' }} onChange={() => undefined} />);
    expect(screen.getByText('公安数据共享暂不可用，请手工填写')).toBeTruthy();
    expect(screen.getByText('证件号码与姓名不匹配')).toBeTruthy();
  });
});
