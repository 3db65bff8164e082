/**
 * End-to-end harness: the whole stack (with the built H5 app) on an
 * ephemeral port against a real Redis, and Debian's chromium driven by
 * playwright-core as a phone (touch, 390×844, zh-CN). Screenshots of each
 * step go to test-results/ (CI keeps them as artifacts).
 *
 * Every log line of the run — the server's at debug level, `console` output,
 * the browser's console and page errors — goes to test-results/logs/, and
 * `close()` scans them all for ID numbers and fails the suite naming the line
 * (./log-scan.ts).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startHarness, type THarness } from '../integration/harness';
import { startLogCapture, type TLogCapture } from './log-scan';
import type { Phone } from './ui';

export const RESULTS_DIR = path.join(__dirname, '..', '..', 'test-results');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const LOGS_DIR = path.join(RESULTS_DIR, 'logs');

export interface TE2E {
  h: THarness;
  browser: Browser;
  /** This suite's captured log lines (scanned for ID numbers by `close()`). */
  logs: TLogCapture;
  newPhone(): Promise<{ context: BrowserContext; page: Page }>;
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startE2E(): Promise<TE2E> {
  const dist = path.join(__dirname, '..', '..', 'dist', 'h5');
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error('dist/h5 is missing: run `npm run build:h5` first');
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const suite = path.basename(expect.getState().testPath ?? 'e2e').replace(/\.test\.tsx?$/, '');
  const logs = startLogCapture(LOGS_DIR, suite);
  const h = await startHarness({ staticDir: dist }, { log: { level: 'debug', sink: logs.server } });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
  return {
    h,
    browser,
    logs,
    async newPhone() {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
      // every page of the context: console messages (all levels) and uncaught errors
      context.on('console', (msg) => {
        const where = msg.location();
        logs.browser(`${new Date().toISOString()} console.${msg.type()} ${msg.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
      });
      context.on('weberror', (err) => logs.browser(`${new Date().toISOString()} pageerror ${err.error().stack ?? err.error().message}`));
      const page = await context.newPage();
      return { context, page };
    },
    async shot(page, name) {
      await page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: true });
    },
    async close() {
      try {
        await browser.close();
        await h.close();
      } finally {
        logs.finish(); // throws naming every line with an ID number
      }
    },
  };
}

/**
 * A screenshot of the whole current page. Taro H5 scrolls inside the page
 * element, so a "full page" shot would stop at the viewport: the viewport is
 * made as tall as the page for the shot, then put back.
 */
export async function wholePageShot(e: TE2E, u: Phone, name: string): Promise<void> {
  await u.page.waitForLoadState('networkidle');
  await u.settled();
  const viewport = u.page.viewportSize()!;
  const height = Math.min(8_000, await u.cur().evaluate((el) => el.scrollHeight));
  if (height > viewport.height) await u.page.setViewportSize({ width: viewport.width, height });
  try {
    await e.shot(u.page, name);
  } finally {
    if (height > viewport.height) await u.page.setViewportSize(viewport);
  }
}
