/**
 * Finding and using Taro's H5 components in component tests. Taro's React
 * Button renders a `div.taro-button-core` (disabled as an attribute and a
 * class), its Input an `<input>` that reports typing through `input` events.
 */
import { fireEvent, screen } from '@testing-library/react';

export function button(name: string | RegExp): HTMLElement {
  return screen.getByText(name, { selector: '.taro-button-core' });
}
export const queryButton = (name: string | RegExp) => screen.queryByText(name, { selector: '.taro-button-core' });
export const isDisabled = (el: HTMLElement) => el.classList.contains('taro-btn-disabled');
export function tap(name: string | RegExp): void {
  fireEvent.click(button(name));
}
/** Types into a Taro Input the way the browser reports it. */
export function typeInto(input: HTMLElement, value: string): void {
  fireEvent.input(input, { target: { value } });
}
