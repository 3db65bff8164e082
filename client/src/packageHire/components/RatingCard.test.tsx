/** @jest-environment jsdom */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { button, isDisabled, tap, typeInto } from '../../../test/ui';
import RatingCard from './RatingCard';

const RATED = { applicationId: 'HO1', level: '不满意' as const, comment: '排队太久', at: '2026-11-26T10:00:00.000Z', bad: true };

describe('好差评', () => {
  it('rates on five levels with an optional comment, once', async () => {
    const onSubmit = jest.fn(async () => undefined);
    render(<RatingCard status={{ rating: null, canRate: true }} onSubmit={onSubmit} />);
    expect(screen.getAllByRole('radio').map((r) => r.textContent)).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    expect(isDisabled(button('提交评价'))).toBe(true); // a level first
    fireEvent.click(screen.getByText('满意'));
    expect(screen.getByText('满意').closest('[role="radio"]')!.getAttribute('aria-checked')).toBe('true');
    typeInto(screen.getByLabelText('意见建议'), ' 办理很快 ');
    expect(screen.getByText('6/200')).toBeTruthy();
    await act(async () => tap('提交评价'));
    expect(onSubmit).toHaveBeenCalledWith('满意', '办理很快');
  });

  it('keeps a comment over 200 characters from being sent, and shows the server’s refusal', async () => {
    const onSubmit = jest.fn(async () => Promise.reject(new Error('该申请已评价过，评价提交后不能更改')));
    render(<RatingCard status={{ rating: null, canRate: true }} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByText('非常满意'));
    typeInto(screen.getByLabelText('意见建议'), '好'.repeat(201));
    expect(screen.getByText(/评价内容不超过200字/)).toBeTruthy();
    expect(isDisabled(button('提交评价'))).toBe(true);
    typeInto(screen.getByLabelText('意见建议'), '好');
    await act(async () => tap('提交评价'));
    expect(await screen.findByText('该申请已评价过，评价提交后不能更改')).toBeTruthy();
  });

  it('shows a bad rating as given, then the window’s follow-up', () => {
    const { rerender } = render(<RatingCard status={{ rating: RATED, canRate: false }} onSubmit={jest.fn()} />);
    expect(screen.getByText('您的评价：不满意')).toBeTruthy();
    expect(screen.getByText('“排队太久”')).toBeTruthy();
    expect(screen.getByText('已转窗口工作人员回访整改')).toBeTruthy();
    expect(screen.queryByText('提交评价')).toBeNull();
    rerender(<RatingCard status={{ rating: { ...RATED, followUp: { note: '已电话回访', at: '2026-11-27T09:00:00.000Z', clerk: 'clerk01' } }, canRate: false }} onSubmit={jest.fn()} />);
    expect(screen.getByText(/窗口回访：已电话回访/)).toBeTruthy();
  });

  it('shows nothing while the hire is not finished', () => {
    const { container } = render(<RatingCard status={{ rating: null, canRate: false }} onSubmit={jest.fn()} />);
    expect(container.textContent).toBe('');
  });
});
