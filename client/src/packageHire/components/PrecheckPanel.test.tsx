/** @jest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import PrecheckPanel from './PrecheckPanel';
import type { TPrecheckRow } from '../../lib/form-state';


const rows: TPrecheckRow[] = [
  { item: 'pension_insurance', name: '社保参保', status: 'ok', color: 'green', findings: [] },
  {
    item: 'labor_filing',
    name: '劳动用工备案',
    status: 'block',
    color: 'red',
    findings: [
      { level: 'block', code: 'probation_too_long', message: '试用期超过法定上限', fields: ['laborFiling.probationEndDate'], source: '劳动合同法第十九条', target: { step: 4, section: 'laborFiling', key: 'probationEndDate' } },
    ],
  },
  { item: 'housing_fund_account', name: '公积金开户', status: 'warn', color: 'amber', findings: [{ level: 'warn', code: 'x', message: '请留意基数', fields: [] }] },
];

test('shows each item in its colour and jumps to the field of a finding', () => {
  const onJump = jest.fn();
  const { container } = render(<PrecheckPanel rows={rows} onJump={onJump} />);
  expect(container.querySelector('.pc-green')).not.toBeNull();
  expect(container.querySelector('.pc-red')).not.toBeNull();
  expect(container.querySelector('.pc-amber')).not.toBeNull();
  expect(screen.getByText('无法办理')).toBeTruthy();
  expect(screen.getByText('依据：劳动合同法第十九条')).toBeTruthy();
  fireEvent.click(screen.getByText('试用期超过法定上限'));
  expect(onJump).toHaveBeenCalledWith({ step: 4, section: 'laborFiling', key: 'probationEndDate' });
  fireEvent.click(screen.getByText('请留意基数')); // no target: nothing happens
  expect(onJump).toHaveBeenCalledTimes(1);
});
