/** @jest-environment jsdom */
import { act, render, screen } from '@testing-library/react';
import { button, isDisabled, tap, typeInto } from '../../../test/ui';
import WindowEnterprise from './WindowEnterprise';

describe('一窗受理 · 受理企业', () => {
  it('checks the USCC before the auto-fill runs for it', async () => {
    const onChoose = jest.fn(async () => undefined);
    render(<WindowEnterprise onChoose={onChoose} />);
    const input = screen.getByLabelText('受理企业统一社会信用代码');
    expect(isDisabled(button('确定并获取单位信息'))).toBe(true);
    typeInto(input, '91150302MA0N1A2B38'); // wrong check character
    await act(async () => tap('确定并获取单位信息'));
    expect(onChoose).not.toHaveBeenCalled();
    expect(screen.getByText(/校验码|统一社会信用代码/, { selector: '.error' })).toBeTruthy();
    typeInto(input, '91150302ma0n1a2b37');
    await act(async () => tap('确定并获取单位信息'));
    expect(onChoose).toHaveBeenCalledWith('91150302MA0N1A2B37');
  });

  it('names the enterprise chosen and shows why a lookup failed', async () => {
    const onChoose = jest.fn(async () => Promise.reject(new Error('该企业登记状态为“注销”，不能办理录用')));
    render(<WindowEnterprise uscc='91150302MA0N1A2B37' enterpriseName='乌海市海勃湾区示例能源有限公司' onChoose={onChoose} />);
    expect(screen.getByText('当前企业：乌海市海勃湾区示例能源有限公司（91150302MA0N1A2B37）')).toBeTruthy();
    await act(async () => tap('重新获取单位信息'));
    expect(await screen.findByText('该企业登记状态为“注销”，不能办理录用')).toBeTruthy();
  });
});
