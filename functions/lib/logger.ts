/**
 * Structured JSON log lines. Personal data never reaches a log line: values
 * that look like identity numbers or mobile numbers are masked here, as a
 * last line of defence behind masking at the source.
 */
import { maskIdentityNumbersInText } from '../../domain';

type TLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<TLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let minLevel: TLevel = (process.env.LOG_LEVEL as TLevel) in ORDER ? (process.env.LOG_LEVEL as TLevel) : 'info';
let sink: (line: string) => void = (line) => process.stdout.write(line + '\n');

function serialize(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack?.split('\n').slice(0, 6).join('\n') };
  return value;
}

function write(level: TLevel, message: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < ORDER[minLevel]) return;
  const entry = { time: new Date().toISOString(), level, message, ...Object.fromEntries(Object.entries(fields ?? {}).map(([k, v]) => [k, serialize(v)])) };
  sink(maskIdentityNumbersInText(JSON.stringify(entry)));
}

export const logger = {
  debug: (m: string, f?: Record<string, unknown>) => write('debug', m, f),
  info: (m: string, f?: Record<string, unknown>) => write('info', m, f),
  warn: (m: string, f?: Record<string, unknown>) => write('warn', m, f),
  error: (m: string, f?: Record<string, unknown>) => write('error', m, f),
  /** For tests: capture lines, or silence them. */
  configure(options: { level?: TLevel; sink?: (line: string) => void }): void {
    if (options.level) minLevel = options.level;
    if (options.sink) sink = options.sink;
  },
};
