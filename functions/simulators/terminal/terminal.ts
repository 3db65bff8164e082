/**
 * Simulator of a scanning terminal (扫码终端: a hospital, pharmacy or
 * service-hall reader that accepts the 电子社保卡 QR code), default prefix
 * `/sim/terminal`. It plays the device: it reads a token (what the camera
 * decoded from the holder's QR code) and asks our API whether to accept it,
 * authenticated with its terminal key.
 *
 *   POST /scan   { token, terminal?: 'configured' | 'unknown' | 'none' }
 *                → { status, verdict }: the HTTP status and body of
 *                  `POST <api>/api/card/verify` (accepted, or the Chinese reason:
 *                  已使用 / 已过期 / 被篡改 / 终端未认证)
 *                `terminal: 'unknown'` sends a key the API does not know, `'none'` no key
 *                (to see the 401 a stolen or unregistered device gets).
 *   GET  /scans  (development; exempt from the switches) the verdicts so far, newest last
 *
 * The switches (`/_control`: latencyMs, jitterMs, failureRate, down) apply to
 * /scan, as a flaky reader or network would. The API base URL and the key are
 * set with `configure()` once the local server knows its port.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createSimulator, type TSimRequest, type TSimSwitches, type TSimulator } from '../framework';

export interface TTerminalConfig {
  /** Where our API is (`http://127.0.0.1:3000`). */
  apiBaseUrl: string;
  terminalId: string;
  key: string;
}

export interface TTerminalSimulatorOptions {
  prefix?: string;
  config?: TTerminalConfig;
  switches?: Partial<TSimSwitches>;
  seed?: number;
  fetchImpl?: typeof fetch;
}

export interface TScanRecord {
  at: string;
  status: number;
  accepted: boolean;
  /** The verdict's code (accepted, or the API's error code) and Chinese message. */
  code: string;
  message: string;
}

export interface TTerminalSimulator extends TSimulator {
  configure(config: TTerminalConfig): void;
  scans(): TScanRecord[];
}

/** The header a terminal authenticates with: `Authorization: Terminal <id>:<key>`. */
export function terminalAuthorization(terminalId: string, key: string): string {
  return `Terminal ${terminalId}:${key}`;
}

const ZScanSchema = z.strictObject({
  token: z.string().min(1).max(2048),
  terminal: z.enum(['configured', 'unknown', 'none']).default('configured'),
});

export function createTerminalSimulator(options: TTerminalSimulatorOptions = {}): TTerminalSimulator {
  let config = options.config;
  const scans: TScanRecord[] = [];
  const fetchImpl = options.fetchImpl ?? fetch;

  async function scan(req: TSimRequest) {
    const parsed = ZScanSchema.safeParse(req.body);
    if (!parsed.success) return { status: 400, body: { error: '请求应为 { token, terminal?: "configured" | "unknown" | "none" }' } };
    if (!config) return { status: 503, body: { error: '终端尚未配置（API 地址与终端密钥）' } };
    const { token, terminal } = parsed.data;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (terminal === 'configured') headers.authorization = terminalAuthorization(config.terminalId, config.key);
    if (terminal === 'unknown') headers.authorization = terminalAuthorization('T-UNKNOWN', randomBytes(32).toString('base64url'));
    let status = 0;
    let verdict: unknown;
    try {
      const res = await fetchImpl(`${config.apiBaseUrl.replace(/\/$/, '')}/api/card/verify`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ token }),
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      const text = await res.text();
      try {
        verdict = JSON.parse(text);
      } catch {
        verdict = text;
      }
    } catch (error) {
      return { status: 502, body: { error: `无法连接社保卡核验服务：${(error as Error).message}` } };
    }
    const v = verdict as { accepted?: boolean; error?: { code?: string; message?: string } };
    scans.push({
      at: new Date().toISOString(),
      status,
      accepted: v?.accepted === true,
      code: v?.accepted === true ? 'ACCEPTED' : (v?.error?.code ?? `HTTP_${status}`),
      message: v?.accepted === true ? '核验通过' : (v?.error?.message ?? ''),
    });
    return { status: 200, body: { status, verdict } };
  }

  const base = createSimulator({
    name: '扫码终端',
    prefix: options.prefix ?? '/sim/terminal',
    seed: options.seed,
    switches: options.switches,
    onReset: () => {
      scans.length = 0;
    },
    routes: [
      { method: 'POST', pattern: '/scan', handler: scan },
      { method: 'GET', pattern: '/scans', control: true, handler: () => ({ status: 200, body: { scans } }) },
    ],
  });
  return Object.assign(base, {
    configure(next: TTerminalConfig) {
      config = next;
    },
    scans: () => [...scans],
  });
}
