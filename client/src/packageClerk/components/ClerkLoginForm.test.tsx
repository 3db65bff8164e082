/** @jest-environment jsdom */
import { act, render, screen } from '@testing-library/react';
import { button, isDisabled, tap, typeInto } from '../../../test/ui';
import ClerkLoginForm from './ClerkLoginForm';

describe('窗口工作人员登录', () => {
  it('logs in with the account and password typed', async () => {
    const onLogin = jest.fn(async () => undefined);
    render(<ClerkLoginForm onLogin={onLogin} />);
    expect(isDisabled(button('登录'))).toBe(true);
    typeInto(screen.getByLabelText('账号'), ' clerk01 ');
    typeInto(screen.getByLabelText('密码'), 'window-2026');
    await act(async () => tap('登录'));
    expect(onLogin).toHaveBeenCalledWith('clerk01', 'window-2026');
  });

  it('says when the account or password is wrong, and clears the password', async () => {
    render(<ClerkLoginForm onLogin={async () => Promise.reject(new Error('账号或密码错误'))} />);
    typeInto(screen.getByLabelText('账号'), 'clerk01');
    typeInto(screen.getByLabelText('密码'), 'nope');
    await act(async () => tap('登录'));
    expect(await screen.findByText('账号或密码错误')).toBeTruthy();
    expect((screen.getByLabelText('密码') as HTMLInputElement).value).toBe('');
  });
});
