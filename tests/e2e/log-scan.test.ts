/**
 * The log scan can fail: a line with an ID number is found and named (file,
 * line, column), masked in the report; masked numbers, timestamps and hashes
 * pass. Runs with the e2e suite (no browser needed:
 * `npx jest -c jest.e2e.config.js tests/e2e/log-scan.test.ts`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { logger } from '../../functions/lib/logger';
import { appendLines, describeFindings, scanLines, startLogCapture } from './log-scan';

const ID = '150302199503150020';

describe('the ID-number scan of log lines', () => {
  it('finds an 18-character ID number, names the line, and masks it in the report', () => {
    const lines = ['{"level":"info","message":"ok"}', `{"level":"debug","message":"autofill","idNumber":"${ID}"}`, 'x'];
    const findings = scanLines(lines, 'server.log');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: 'server.log', lineNo: 2, pattern: 'GB 11643 居民身份证号码', column: lines[1]!.indexOf(ID) });
    expect(findings[0]!.line).toContain('150***********0020');
    expect(describeFindings(findings)).toContain('server.log:2:');
    expect(describeFindings(findings)).not.toContain(ID);
  });

  it.each([
    ['an X check character, inside other text', 'employee=15030219920808001X;'],
    ['the looser form: 17 digits and a check character whose birth date is no date', 'no=150302199513990029'],
    ['a number glued to letters', `id${ID}abc`],
    ['a browser console line', `console.log 提交 {"documentNumber":"${ID}"}`],
  ])('catches %s', (_, line) => {
    expect(scanLines([line]).length).toBeGreaterThan(0);
  });

  it('names which pattern found it', () => {
    expect(scanLines(['no=150302199513990029'])[0]!.pattern).toBe('17位数字+校验位');
  });

  it.each([
    ['the masked form', '{"documentNumber":"150***********0020"}'],
    ['ISO times and millisecond timestamps', '{"time":"2026-11-26T11:41:42.123Z","ms":1764157302123}'],
    ['a hex digest', '{"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}'],
    ['a 16-digit number', '{"n":"1234567890123456"}'],
  ])('passes %s', (_, line) => {
    expect(scanLines([line])).toEqual([]);
  });

  it('a capture fails its suite on a written line with a number, after writing the files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'log-scan-'));
    try {
      const capture = startLogCapture(dir, 'unit', { echo: false });
      // the product logger masks what it writes: such a line passes
      logger.configure({ level: 'debug', sink: capture.server });
      logger.debug('lookup', { idNumber: ID });
      capture.browser('console.log 页面已加载');
      expect(capture.finish()).toEqual({ serverLines: 1, browserLines: 1 });
      expect(readFileSync(capture.serverFile, 'utf8')).toContain('150***********0020');

      // a line that bypasses the logger (console, or the browser) does not
      const again = startLogCapture(dir, 'unit', { echo: false });
      console.log('debugging', { documentNumber: ID });
      appendLines(again.browserFile, ['console.info ok']);
      expect(() => again.finish()).toThrow(/unit\.server\.log:1:/);
      expect(readFileSync(path.join(dir, 'unit.scan.txt'), 'utf8')).toMatch(/1 found/);
    } finally {
      logger.configure({ level: 'error', sink: () => undefined });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
