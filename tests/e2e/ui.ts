/**
 * Small helpers to drive the H5 app (Taro 4 + NutUI) like a person on a
 * phone: the current page, buttons and inputs by their Chinese label, NutUI
 * pickers (wheels, cascaders, date wheels) through real touch input, and a
 * counter of the fields a person types or picks.
 *
 * Taro H5 renders components as custom elements (`taro-button-core`,
 * `taro-input-core` holding a real <input>, `taro-view-core`); every page of
 * the navigation stack stays in the DOM, so everything is scoped to the page
 * on top (the last visible `.taro_page`). NutUI popups render inside the page.
 */
import type { BrowserContext, CDPSession, Locator, Page } from 'playwright-core';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Polls `fn` until it returns a truthy value (no fixed sleeps in the tests). */
export async function poll<T>(fn: () => Promise<T>, what: string, timeoutMs = 10_000, everyMs = 100): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await fn();
      if (last) return last as NonNullable<T>;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last: ${String(last)} ${lastError ? String(lastError) : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export class Phone {
  /** Fields typed or picked by hand, in order (their Chinese labels). */
  readonly entered: string[] = [];
  private cdp?: CDPSession;

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  get count(): number {
    return this.entered.length;
  }

  resetCount(): void {
    this.entered.length = 0;
  }

  /** The page on top of Taro's navigation stack. */
  cur(): Locator {
    return this.page.locator('.taro_page:visible').last();
  }

  /** Waits until page transitions have ended: one page on screen, in place. */
  async settled(): Promise<void> {
    await poll(
      async () =>
        this.page.evaluate(() => {
          const onScreen = Array.from(document.querySelectorAll('.taro_page')).filter((el) => {
            const r = el.getBoundingClientRect();
            return getComputedStyle(el).display !== 'none' && r.width > 0 && r.right > 0 && r.left < window.innerWidth;
          });
          return onScreen.length === 1 && Math.abs(onScreen[0]!.getBoundingClientRect().left) < 0.5;
        }),
      'the page transition to end',
    );
  }

  /** A button by its exact text (Taro's <Button> is a `taro-button-core`). */
  button(text: string): Locator {
    return this.cur().locator('taro-button-core').filter({ hasText: new RegExp(`^\\s*${escapeRe(text)}\\s*$`) });
  }

  async tapButton(text: string): Promise<void> {
    const b = this.button(text);
    await b.waitFor({ state: 'visible' });
    await poll(async () => !(await b.getAttribute('disabled')) || (await b.getAttribute('disabled')) === 'false', `button ${text} enabled`);
    await b.tap();
  }

  /** Waits for a text on the current page. */
  async see(text: string | RegExp, timeout = 15_000): Promise<Locator> {
    const l = this.cur().getByText(text).first();
    await l.waitFor({ state: 'visible', timeout });
    return l;
  }

  /** The text input of a form field, by its aria-label (the field's Chinese label). */
  input(label: string): Locator {
    return this.cur().locator(`taro-input-core[aria-label="${label}"] input`);
  }

  /** The wrapper of a wizard field (label, control, hint, error), by its path `section.key`. */
  field(path: string): Locator {
    return this.cur().locator(`#f-${path.replace('.', '-')}`);
  }

  /** Types into a field the way a person does (focus, type, blur) and counts it. */
  async type(label: string, text: string, opts: { count?: boolean } = {}): Promise<void> {
    const el = this.input(label);
    await el.scrollIntoViewIfNeeded();
    await el.tap();
    await el.fill('');
    await el.pressSequentially(text, { delay: 5 });
    await el.evaluate((e: HTMLInputElement) => e.blur());
    if (opts.count !== false) this.entered.push(label);
  }

  /** The tappable control of a select / date field (`label：shown value`). */
  select(label: string): Locator {
    return this.cur().locator(`[role="button"][aria-label^="${label}："]`);
  }

  async shown(label: string): Promise<string> {
    const a = (await this.select(label).getAttribute('aria-label')) ?? '';
    return a.slice(label.length + 1);
  }

  private popup(): Locator {
    return this.page.locator('.nut-popup:visible').last();
  }

  private async openPopup(label: string): Promise<Locator> {
    const s = this.select(label);
    await s.scrollIntoViewIfNeeded();
    await s.tap();
    const p = this.popup();
    await p.waitFor({ state: 'visible' });
    return p;
  }

  private async closedPopup(): Promise<void> {
    await this.page.locator('.nut-popup:visible').waitFor({ state: 'detached', timeout: 5_000 }).catch(async () => {
      await poll(async () => (await this.page.locator('.nut-popup:visible').count()) === 0, 'the popup to close', 5_000);
    });
  }

  /**
   * Picks from a two- or three-level cascader (行业, 职业, 学历, 行政区划): taps
   * one option per level; `path` are the options' texts (or their starts).
   */
  async pickCascade(label: string, path: string[]): Promise<void> {
    const p = await this.openPopup(label);
    // with a value already chosen the cascader opens on its last level: go back to the first
    const firstTab = p.locator('.nut-tabs-titles-item').first();
    if ((await p.locator('.nut-tabs-titles-item').count()) > 1) await firstTab.tap();
    for (const [level, step] of path.entries()) {
      const pane = p.locator('.nut-tabpane').nth(level);
      const option = pane.locator('.nut-cascader-item').filter({ hasText: new RegExp(`^\\s*${escapeRe(step)}`) }).first();
      await poll(async () => option.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.left >= 0 && r.right <= window.innerWidth;
      }), `the ${label} option ${step} in view`, 5_000);
      await option.scrollIntoViewIfNeeded();
      await option.tap();
    }
    await this.closedPopup();
    this.entered.push(label);
  }

  private async touch(): Promise<CDPSession> {
    this.cdp ??= await this.context.newCDPSession(this.page);
    return this.cdp;
  }

  /** Drags a wheel by `dy` CSS pixels (negative = up = later options), slowly enough to leave no momentum. */
  private async drag(wheel: Locator, dy: number): Promise<void> {
    const cdp = await this.touch();
    const box = (await wheel.boundingBox())!;
    const x = box.x + box.width / 2;
    const y0 = box.y + box.height / 2;
    const steps = Math.max(8, Math.ceil(Math.abs(dy) / 6));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: y0 }] });
    for (let i = 1; i <= steps; i++) {
      await this.page.waitForTimeout(30);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y0 + (dy * i) / steps }] });
    }
    // NutUI re-attaches its one-shot touch listeners after each render: repeat the last position so it is seen.
    for (let i = 0; i < 3; i++) {
      await this.page.waitForTimeout(60);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y0 + dy }] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }

  /** Index of the option under the wheel's indicator. */
  private async activeIndex(wheel: Locator): Promise<number> {
    return wheel.evaluate((el) => {
      const items = Array.from(el.querySelectorAll('.nut-pickerview-roller-item'));
      return items.findIndex((i) => i.classList.contains('nut-pickerview-roller-item-active'));
    });
  }

  /** Turns one wheel until `option` (exact text) is under the indicator. */
  private async turn(wheel: Locator, option: string): Promise<void> {
    const labels = await wheel.locator('.nut-pickerview-roller-item').allTextContents();
    const target = labels.findIndex((t) => t.trim() === option);
    if (target < 0) throw new Error(`no option “${option}” in ${labels.slice(0, 20).join('/')}`);
    for (let attempt = 0; attempt < 12; attempt++) {
      const at = await this.activeIndex(wheel);
      if (at === target) return;
      const lines = Math.max(-6, Math.min(6, target - Math.max(at, 0)));
      await this.drag(wheel, -lines * 36);
      await poll(async () => (await this.activeIndex(wheel)) !== at, 'the wheel to turn', 3_000).catch(() => undefined);
      // let the settle transition end (it reports the selection)
      await this.page.waitForTimeout(260);
    }
    throw new Error(`could not turn the wheel to “${option}”`);
  }

  /**
   * Picks from a NutUI wheel picker (code tables, dates): turns each wheel to
   * its option, then confirms. `options[i]` is the text for wheel i.
   *
   * NutUI's Picker only records a wheel that has moved: confirming the option
   * it shows at first records nothing (see the report). A person picking the
   * first option therefore turns the wheel away and back.
   */
  async pickWheels(label: string, options: string[], opts: { count?: boolean; nudge?: boolean } = {}): Promise<void> {
    const p = await this.openPopup(label);
    const wheels = p.locator('.nut-pickerview-list');
    await wheels.first().waitFor();
    for (let i = 0; i < options.length; i++) {
      const wheel = wheels.nth(i);
      const labels = await wheel.locator('.nut-pickerview-roller-item').allTextContents();
      const target = labels.findIndex((t) => t.trim() === options[i]);
      const at = await this.activeIndex(wheel);
      if (opts.nudge !== false && target === Math.max(at, 0) && labels.length > 1) await this.turn(wheel, labels[target + 1]!.trim());
      await this.turn(wheel, options[i]!);
    }
    const confirm = p.locator('.nut-picker-confirm-btn');
    await poll(
      async () => {
        if ((await this.page.locator('.nut-popup:visible').count()) === 0) return true;
        await confirm.tap({ timeout: 1_000 }).catch(() => undefined);
        await this.page.waitForTimeout(150);
        return (await this.page.locator('.nut-popup:visible').count()) === 0;
      },
      `the ${label} picker to close`,
    );
    if (opts.count !== false) this.entered.push(label);
  }

  /** A flat code-table select. */
  async pick(label: string, option: string): Promise<void> {
    await this.pickWheels(label, [option]);
    await poll(async () => (await this.shown(label)) === option, `${label} to show ${option}`, 3_000);
  }

  /** A date select: year, month and day wheels (`2026-11-26`; NutUI shows 2026年 / 11月 / 26日). */
  async pickDate(label: string, iso: string): Promise<void> {
    const [y, m, d] = iso.split('-');
    // the date wheels start on today (or the field's date), which confirming does record
    await this.pickWheels(label, [`${y}年`, `${m}月`, `${d}日`], { nudge: false });
    await poll(async () => (await this.shown(label)) === iso, `${label} to show ${iso}`, 3_000);
  }

  /** A yes/no or multi-choice option (`role=radio|checkbox`). */
  async choose(label: string): Promise<void> {
    const c = this.cur().locator(`[aria-label="${label}"]`);
    await c.scrollIntoViewIfNeeded();
    await c.tap();
    await poll(async () => (await c.getAttribute('aria-checked')) === 'true', `${label} checked`, 3_000);
    this.entered.push(label);
  }
}
