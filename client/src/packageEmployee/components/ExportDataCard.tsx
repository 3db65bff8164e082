/**
 * 导出我的数据: the employee's copy of everything the service holds about
 * them (PIPL §45). Plain Taro components; the export, copy and share calls
 * come from the page (../lib/export-data.ts), so this renders the same in
 * weapp, H5 and tests.
 */
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { TExportResult } from '../lib/export-data';

export interface TExportDataCardProps {
  onExport(): Promise<TExportResult>;
  onCopy(result: TExportResult): Promise<void>;
  /** weapp only (send the file to a chat); absent in H5. */
  onShare?(result: TExportResult): Promise<void>;
}

const errText = (e: unknown) => (e && typeof e === 'object' && 'message' in e ? String((e as Error).message) : String(e));
const PREVIEW_CHARS = 1_200;

export default function ExportDataCard({ onExport, onCopy, onShare }: TExportDataCardProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const [result, setResult] = useState<TExportResult>();

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await what();
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='card' aria-label='导出我的数据'>
      <Text className='h2'>导出我的数据</Text>
      <Text className='muted'>
        依据《个人信息保护法》第四十五条，您可以复制本服务保存的关于您的全部信息：身份信息（含完整证件号码）、每次录用的申请表和办理结果、材料的指纹与删除时间、消息、社保卡状态、访问记录和存证记录。导出文件含敏感个人信息，请妥善保管；每次导出都会记入您的访问记录。
      </Text>
      <Button className='btn btn-secondary' disabled={busy} loading={busy} onClick={() => void run(async () => setResult(await onExport()))}>
        导出我的数据
      </Button>
      {error && <Text className='error'>{error}</Text>}
      {result && (
        <View aria-live='polite'>
          <Text className='label'>
            {result.mode === 'downloaded' ? `已下载 ${result.fileName}` : `已生成 ${result.fileName}`}
          </Text>
          <Text className='muted'>
            录用记录 {result.summary.hires} 条 · 消息 {result.summary.messages} 条 · 访问记录 {result.summary.accessLog} 条 · 存证记录 {result.summary.ledger} 条
          </Text>
          {result.mode === 'saved' && (
            <View>
              <Text className='muted'>小程序无法直接存入手机的下载目录，也不能用“打开文档”查看 JSON 文件：可发送到聊天（如“文件传输助手”）保存，或复制全部内容。</Text>
              {onShare && (
                <Button className='btn btn-secondary' disabled={busy} onClick={() => void run(async () => onShare(result))}>
                  发送到聊天保存
                </Button>
              )}
              <Button className='btn btn-secondary' disabled={busy} onClick={() => void run(async () => (await onCopy(result), setNote('已复制全部内容')))}>
                复制全部内容
              </Button>
              {note && <Text className='muted'>{note}</Text>}
              <Text className='muted' selectable aria-label='导出内容预览'>
                {result.text.length > PREVIEW_CHARS ? `${result.text.slice(0, PREVIEW_CHARS)}…` : result.text}
              </Text>
            </View>
          )}
        </View>
      )}
    </View>
  );
}
