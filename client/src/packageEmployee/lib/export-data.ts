/**
 * 导出我的数据 (PIPL §45): GET /api/me/export, then keep the JSON file where
 * the platform allows.
 *
 * - H5: a normal download (the server names the file in content-disposition).
 * - WeChat: a mini-program cannot write to the phone's download folder, and
 *   `openDocument` opens only doc/xls/ppt/pdf — not JSON. The file is written
 *   to the mini-program's user data folder, then the user can send it to a
 *   chat (`shareFileMessage`, e.g. to 文件传输助手, to keep or open it on a
 *   computer) or copy the whole text (`setClipboardData`); the page shows the
 *   beginning of it so they can see what it is.
 */
import Taro from '@tarojs/taro';
import { http } from '../../lib/api';

export interface TExportSummary {
  hires: number;
  messages: number;
  accessLog: number;
  ledger: number;
}

export interface TExportResult {
  fileName: string;
  /** `downloaded`: H5 saved it through the browser; `saved`: written inside WeChat (share or copy to keep it). */
  mode: 'downloaded' | 'saved';
  summary: TExportSummary;
  /** The JSON text (what copy puts on the clipboard). */
  text: string;
  /** weapp: where it was written. */
  filePath?: string;
}

const isWeb = () => process.env.TARO_ENV === 'h5';

function fileNameFrom(disposition: string | undefined, fallback: string): string {
  const m = disposition?.match(/filename="?([^";]+)"?/i);
  return m?.[1] ?? fallback;
}

function decode(data: ArrayBuffer): string {
  if (typeof TextDecoder === 'function') return new TextDecoder('utf-8').decode(data);
  // weapp base libraries before TextDecoder: decode UTF-8 by hand
  const bytes = new Uint8Array(data);
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return decodeURIComponent(escape(out));
}

/** What the file holds, counted (the page says it before the user keeps it). */
export function summarize(text: string): TExportSummary {
  const d = JSON.parse(text) as { hires?: unknown[]; messages?: unknown[]; accessLog?: unknown[]; ledger?: unknown[] };
  return { hires: d.hires?.length ?? 0, messages: d.messages?.length ?? 0, accessLog: d.accessLog?.length ?? 0, ledger: d.ledger?.length ?? 0 };
}

export async function exportMyData(): Promise<TExportResult> {
  const r = await http.binary('GET', '/api/me/export');
  const fileName = fileNameFrom(r.headers['content-disposition'], `hire-once-personal-data-${new Date().toISOString().slice(0, 10)}.json`);
  const text = decode(r.data);
  const summary = summarize(text);
  if (isWeb()) {
    const url = URL.createObjectURL(new Blob([r.data], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return { fileName, mode: 'downloaded', summary, text };
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`;
  Taro.getFileSystemManager().writeFileSync(filePath, r.data);
  return { fileName, mode: 'saved', summary, text, filePath };
}

/** weapp: send the saved file to a chat (base library ≥ 2.16.1), where it can be kept or forwarded. */
export async function shareExport(result: TExportResult): Promise<void> {
  const share = (Taro as unknown as { shareFileMessage?: (o: { filePath: string; fileName: string }) => Promise<unknown> }).shareFileMessage;
  if (!share || !result.filePath) throw new Error('当前微信版本不支持发送文件，请使用“复制全部内容”');
  await share({ filePath: result.filePath, fileName: result.fileName });
}

export async function copyExport(result: TExportResult): Promise<void> {
  await Taro.setClipboardData({ data: result.text });
}

export const canShareFiles = () => !isWeb() && typeof (Taro as unknown as { shareFileMessage?: unknown }).shareFileMessage === 'function';
