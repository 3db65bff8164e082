/**
 * Taro's components as plain DOM elements for component tests in jsdom
 * (mapped in jest.config.js). Only what our components use, with the same
 * event shapes Taro gives (`onInput` with `detail.value`).
 */
import { createElement, type ReactNode } from 'react';

type P = { children?: ReactNode; className?: string; [k: string]: unknown };
const strip = ({ children, hoverClass: _h, loading: _l, ...rest }: P) => ({ rest, children });

export const View = (p: P) => {
  const { rest, children } = strip(p);
  return createElement('div', rest, children);
};
export const Text = (p: P) => {
  const { rest, children } = strip(p);
  return createElement('span', rest, children);
};
export const Button = (p: P & { disabled?: boolean; loading?: boolean; onClick?: () => void }) => {
  const { rest, children } = strip(p);
  return createElement('button', { ...rest, disabled: Boolean(p.disabled), 'aria-busy': p.loading ? 'true' : undefined }, children);
};
export const Input = ({ onInput, onBlur, value, disabled, type: _t, placeholder, ...rest }: P & { onInput?: (e: { detail: { value: string } }) => void; onBlur?: () => void; value?: string; disabled?: boolean; placeholder?: string }) =>
  createElement('input', {
    ...rest,
    value: value ?? '',
    disabled: Boolean(disabled),
    placeholder,
    onChange: (e: { target: { value: string } }) => onInput?.({ detail: { value: e.target.value } }),
    onBlur,
  });
export const Image = ({ src, ...rest }: P & { src?: string }) => createElement('img', { ...rest, src });
