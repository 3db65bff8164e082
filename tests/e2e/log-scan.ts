/**
 * “ID numbers never in a log line”, checked on what was actually written:
 * during the end-to-end run every log line of the server process (the
 * product's logger at debug level, and anything printed through `console`)
 * and every console message and page error of the browser go to files under
 * test-results/logs/, and when the suite closes every line is scanned for an
 * 18-character ID number. The logger masks ID-shaped values before it writes
 * (functions/lib/logger.ts) — the scan reads the lines after that, as written,
 * so it checks the whole chain, console output and the browser included.
 *
 * A finding names the file and line; the number itself is masked in the
 * message (the failure report is a log too).
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';

export const ID_PATTERNS: readonly { name: string; regex: RegExp }[] = [
  // GB 11643: division code, birth date (18xx–20xx, a real month and day), sequence, check character
  { name: 'GB 11643 居民身份证号码', regex: /[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx]/g },
  // looser: any 17 digits and a check character (永居证, a mistyped birth date, …)
  { name: '17位数字+校验位', regex: /\d{17}[\dXx]/g },
];

export interface TFinding {
  file: string;
  /** 1-based. */
  lineNo: number;
  pattern: string;
  /** Where in the line the number starts (0-based). */
  column: number;
  /** The line with the number masked. */
  line: string;
}

const maskMatch = (s: string) => s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);

/** Every ID-shaped number in the lines (one finding per number; the strict pattern named first). */
export function scanLines(lines: readonly string[], file = '(lines)'): TFinding[] {
  const findings: TFinding[] = [];
  lines.forEach((line, i) => {
    const seen = new Set<number>();
    for (const p of ID_PATTERNS) {
      for (const m of line.matchAll(p.regex)) {
        if ([...seen].some((start) => Math.abs(start - m.index) < 18)) continue;
        seen.add(m.index);
        findings.push({ file, lineNo: i + 1, pattern: p.name, column: m.index, line: line.replace(m[0], maskMatch(m[0])).slice(0, 400) });
      }
    }
  });
  return findings;
}

export function scanFile(file: string): { lines: number; findings: TFinding[] } {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  return { lines: lines.length, findings: scanLines(lines, file) };
}

export function describeFindings(findings: readonly TFinding[]): string {
  return [
    `日志中出现了身份证号码（${findings.length} 处）：`,
    ...findings.slice(0, 20).map((f) => `  ${path.relative(process.cwd(), f.file) || f.file}:${f.lineNo}:${f.column + 1} [${f.pattern}] ${f.line}`),
    ...(findings.length > 20 ? [`  … 另有 ${findings.length - 20} 处`] : []),
  ].join('\n');
}

export interface TLogCapture {
  serverFile: string;
  browserFile: string;
  /** The product logger's sink. */
  server(line: string): void;
  browser(line: string): void;
  /** Stops capturing `console`, scans both files, writes a summary; throws naming every line with an ID number. */
  finish(): { serverLines: number; browserLines: number };
}

/**
 * Starts capturing for one e2e suite: files `test-results/logs/<suite>.server.log`
 * and `<suite>.browser.log` (truncated first). `console.*` of this process is
 * captured too (and still printed unless `echo: false`).
 */
export function startLogCapture(dir: string, suite: string, options: { echo?: boolean } = {}): TLogCapture {
  mkdirSync(dir, { recursive: true });
  const serverFile = path.join(dir, `${suite}.server.log`);
  const browserFile = path.join(dir, `${suite}.browser.log`);
  writeFileSync(serverFile, '');
  writeFileSync(browserFile, '');
  const oneLine = (s: string) => s.replace(/\r?\n/g, '\\n');
  const server = (line: string) => appendFileSync(serverFile, oneLine(line) + '\n');
  const browser = (line: string) => appendFileSync(browserFile, oneLine(line) + '\n');
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const original = Object.fromEntries(methods.map((m) => [m, console[m]])) as Record<(typeof methods)[number], (...args: unknown[]) => void>;
  for (const m of methods) {
    console[m] = (...args: unknown[]) => {
      server(`console.${m} ${format(...args)}`);
      if (options.echo !== false) original[m].apply(console, args);
    };
  }
  return {
    serverFile,
    browserFile,
    server,
    browser,
    finish() {
      for (const m of methods) console[m] = original[m];
      const s = scanFile(serverFile);
      const b = scanFile(browserFile);
      const findings = [...s.findings, ...b.findings];
      writeFileSync(
        path.join(dir, `${suite}.scan.txt`),
        `${new Date().toISOString()} scanned ${s.lines} server lines and ${b.lines} browser lines for ID numbers: ${findings.length} found\n${findings.length ? describeFindings(findings) + '\n' : ''}`,
      );
      if (findings.length) throw new Error(describeFindings(findings));
      return { serverLines: s.lines, browserLines: b.lines };
    },
  };
}

/** For a unit test: a capture's lines appended by hand. */
export function appendLines(file: string, lines: readonly string[]): void {
  appendFileSync(file, lines.map((l) => l + '\n').join(''));
}
