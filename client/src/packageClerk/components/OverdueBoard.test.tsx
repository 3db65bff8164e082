/** @jest-environment jsdom */
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { TOverdueBoard, TOverdueEntry } from '@/domain/supervision/supervision';
import { button, isDisabled, tap, typeInto } from '../../../test/ui';
import OverdueBoard, { breachText } from './OverdueBoard';
import QueueView from './QueueView';
import StatsTable from './StatsTable';

const employee = { name: '测***甲', documentNumber: '150***********0020' };
const entry: TOverdueEntry = {
  applicationId: 'HO20261126AAAA',
  item: 'medical_insurance',
  itemName: '职工参保/续保登记（基本医疗）',
  department: 'medical_security',
  departmentName: '医疗保障局',
  state: 'processing',
  stage: null,
  message: null,
  enterpriseName: '示例能源',
  uscc: '91150302MA0N1A2B37',
  employee,
  filedAt: '2026-11-26T01:00:00.000Z',
  updatedAt: '2026-11-26T01:00:00.000Z',
  channel: 'window',
  dueDate: '2026-11-26',
  promisedDue: '2026-11-27',
  oneThingDue: '2026-11-26',
  breached: ['oneThing', 'promised'],
  workingDaysOver: 3,
};
const board: TOverdueBoard = {
  today: '2026-12-01',
  total: 1,
  items: [entry],
  badRatings: [{ applicationId: 'HO20261126BBBB', enterpriseName: '示例建材', uscc: '91150303MA0N7C8D99', employee, level: '非常不满意', comment: '材料被退回两次', at: '2026-11-30T02:00:00.000Z' }],
};

describe('超期督办', () => {
  it('lists items past due with the limits broken and the working days over; a tap opens the hire', () => {
    const onOpen = jest.fn();
    render(<OverdueBoard board={board} onOpen={onOpen} onFollowUp={jest.fn()} />);
    expect(screen.getByText('超期事项（1）')).toBeTruthy();
    expect(screen.getByText('超一件事时限、承诺时限 3 个工作日')).toBeTruthy();
    expect(screen.getByText(/医疗保障局 · 示例能源 · 测\*\*\*甲 · 窗口受理/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /职工参保/ }));
    expect(onOpen).toHaveBeenCalledWith('HO20261126AAAA');
    expect(breachText({ breached: ['oneThing'], workingDaysOver: null })).toBe('超一件事时限 （日历数据缺失，无法计算工作日）');
  });

  it('keeps a bad rating on the board until the follow-up is recorded', async () => {
    const onFollowUp = jest.fn(async () => undefined);
    render(<OverdueBoard board={board} onOpen={jest.fn()} onFollowUp={onFollowUp} />);
    expect(screen.getByText('差评待回访（1）')).toBeTruthy();
    expect(screen.getByText('非常不满意')).toBeTruthy();
    expect(screen.getByText('“材料被退回两次”')).toBeTruthy();
    tap('记录回访');
    expect(isDisabled(button('提交回访记录'))).toBe(true);
    typeInto(screen.getByLabelText('回访处理情况'), '已电话回访，材料一次告知');
    await act(async () => tap('提交回访记录'));
    expect(onFollowUp).toHaveBeenCalledWith('HO20261126BBBB', '已电话回访，材料一次告知');
  });

  it('shows a refused follow-up’s message', async () => {
    render(<OverdueBoard board={board} onOpen={jest.fn()} onFollowUp={async () => Promise.reject(new Error('该差评已记录回访情况，不能重复记录'))} />);
    tap('记录回访');
    typeInto(screen.getByLabelText('回访处理情况'), '再次回访');
    await act(async () => tap('提交回访记录'));
    expect(await screen.findByText('该差评已记录回访情况，不能重复记录')).toBeTruthy();
  });
});

describe('部门队列 and 统计', () => {
  it('switches department and state, with counts per state', () => {
    const onDepartment = jest.fn();
    const onState = jest.fn();
    const page = { department: 'medical_security' as const, departmentName: '医疗保障局', state: 'processing' as const, counts: { submitted: 0, processing: 1, needs_correction: 2 }, items: [entry], nextCursor: 20 };
    const onMore = jest.fn();
    render(<QueueView department='medical_security' state='processing' page={page} loading={false} onDepartment={onDepartment} onState={onState} onOpen={jest.fn()} onMore={onMore} />);
    expect(screen.getByText('需补正（2）')).toBeTruthy();
    fireEvent.click(screen.getByText('公积金中心'));
    expect(onDepartment).toHaveBeenCalledWith('housing_fund_center');
    fireEvent.click(screen.getByText('已提交（0）'));
    expect(onState).toHaveBeenCalledWith('submitted');
    tap('加载更多');
    expect(onMore).toHaveBeenCalled();
  });

  it('shows count, done, median and p90 per department and item', () => {
    const s = { count: 4, done: 3, medianSeconds: 90, p90Seconds: 2 * 86_400 + 3600 };
    render(
      <StatsTable
        stats={{
          departments: [{ department: 'hrss', name: '人力资源和社会保障局', ...s }],
          items: [{ item: 'labor_filing', name: '劳动用工备案', department: 'hrss', count: 4, done: 0, medianSeconds: null, p90Seconds: null }],
          at: '2026-11-26T10:00:00.000Z',
        }}
      />,
    );
    expect(screen.getByLabelText('人力资源和社会保障局 受理4 办结3').textContent).toContain('中位数 2 分钟 · P90 2 天 1 小时');
    expect(screen.getByText('受理 4 · 办结 3（75%）')).toBeTruthy();
    expect(screen.getByLabelText('劳动用工备案 受理4 办结0').textContent).toContain('中位数 — · P90 —');
  });
});
