/** @jest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { checkHire } from '@/domain/precheck/check-hire';
import { TODAY, validApplication, withChanges } from '../../../../tests/fixtures/application';
import { emptyMaterials, materialNotes, type TDraftMaterials } from '../../lib/materials';
import ReviewStep, { type TReviewStepProps } from './ReviewStep';
import { button, isDisabled } from '../../../test/ui';

function setup(over: Partial<TReviewStepProps> = {}, materials: TDraftMaterials = emptyMaterials()) {
  const props: TReviewStepProps = {
    check: checkHire(validApplication(), TODAY),
    materials: materialNotes(materials),
    filer: '王人事',
    today: TODAY,
    submitting: false,
    resubmit: false,
    onSubmit: jest.fn(),
    onJump: jest.fn(),
    onOpenMaterials: jest.fn(),
    ...over,
  };
  render(<ReviewStep {...props} />);
  return props;
}
const submitButton = () => button(/^(提交|再次提交)/);

describe('核对提交', () => {
  it('submits a clean hire, naming the filer and the day, and says what the materials are', () => {
    const p = setup();
    expect(screen.getByText(new RegExp(`填报人：王人事\\s填报日期：${TODAY}`))).toBeTruthy();
    expect(screen.getByText('全部事项均可办理')).toBeTruthy();
    expect(screen.getByText(/有效身份证件：尚未上传身份证件照片/)).toBeTruthy();
    expect(screen.getByText(/劳动合同：按《劳动合同（通用）》由申请表生成/)).toBeTruthy();
    fireEvent.click(submitButton());
    expect(p.onSubmit).toHaveBeenCalledTimes(1);
  });

  it('keeps the button off for a red item, and takes the user to the field', () => {
    const p = setup({ check: checkHire(withChanges('employee', { phone: '123' }), TODAY) });
    expect(isDisabled(submitButton())).toBe(true);
    expect(screen.getByText('有事项无法办理，请点击问题去修改')).toBeTruthy();
    fireEvent.click(screen.getAllByText(/联系电话/)[0]!);
    expect(p.onJump).toHaveBeenCalledWith(expect.objectContaining({ section: 'employee', key: 'phone' }));
  });

  it('keeps the button off when a scanned contract was chosen but no page uploaded, and opens 材料 from the row', () => {
    const p = setup({}, { ...emptyMaterials(), contract: { mode: 'scanned', scans: [] } });
    expect(isDisabled(submitButton())).toBe(true);
    expect(screen.getByText('请先补齐材料')).toBeTruthy();
    fireEvent.click(screen.getByText(/劳动合同：选择了上传已签合同/));
    expect(p.onOpenMaterials).toHaveBeenCalled();
  });

  it('says a second tap files nothing new', () => {
    setup({ resubmit: true });
    expect(submitButton().textContent).toBe('再次提交（同一申请不会重复办理）');
  });
});
