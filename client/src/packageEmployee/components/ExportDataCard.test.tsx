/** @jest-environment jsdom */
import { act, screen } from '@testing-library/react';
import { render } from '@testing-library/react';
import { button, isDisabled, queryButton, tap } from '../../../test/ui';
import type { TExportResult } from '../lib/export-data';
import ExportDataCard from './ExportDataCard';

const TEXT = JSON.stringify({ format: 'hire-once/personal-data-export', version: 1, subject: { name: '测试员工甲' } }, null, 2);
const result = (mode: TExportResult['mode']): TExportResult => ({
  fileName: 'hire-once-personal-data-2026-11-26.json',
  mode,
  summary: { hires: 2, messages: 5, accessLog: 3, ledger: 40 },
  text: TEXT,
  ...(mode === 'saved' ? { filePath: 'wxfile://usr/hire-once-personal-data-2026-11-26.json' } : {}),
});

describe('导出我的数据', () => {
  it('H5: downloads and says what the file holds', async () => {
    const onExport = jest.fn(async () => result('downloaded'));
    render(<ExportDataCard onExport={onExport} onCopy={jest.fn()} />);
    expect(screen.getByText(/第四十五条/)).toBeTruthy();
    await act(async () => tap('导出我的数据'));
    expect(onExport).toHaveBeenCalledTimes(1);
    expect(screen.getByText('已下载 hire-once-personal-data-2026-11-26.json')).toBeTruthy();
    expect(screen.getByText(/录用记录 2 条 · 消息 5 条 · 访问记录 3 条 · 存证记录 40 条/)).toBeTruthy();
    expect(queryButton('复制全部内容')).toBeNull(); // the browser has the file
  });

  it('WeChat: shows it and lets the user copy it or send it to a chat', async () => {
    const onCopy = jest.fn(async () => undefined);
    const onShare = jest.fn(async () => undefined);
    render(<ExportDataCard onExport={async () => result('saved')} onCopy={onCopy} onShare={onShare} />);
    await act(async () => tap('导出我的数据'));
    expect(screen.getByText('已生成 hire-once-personal-data-2026-11-26.json')).toBeTruthy();
    expect(screen.getByLabelText('导出内容预览').textContent).toContain('hire-once/personal-data-export');
    await act(async () => tap('复制全部内容'));
    expect(onCopy).toHaveBeenCalledWith(expect.objectContaining({ text: TEXT }));
    expect(screen.getByText('已复制全部内容')).toBeTruthy();
    await act(async () => tap('发送到聊天保存'));
    expect(onShare).toHaveBeenCalledWith(expect.objectContaining({ filePath: expect.stringContaining('.json') }));
  });

  it('shows the server’s refusal in Chinese and can try again', async () => {
    const onExport = jest.fn<Promise<TExportResult>, []>().mockRejectedValueOnce(new Error('请先完成实名认证（人脸核身）')).mockResolvedValueOnce(result('downloaded'));
    render(<ExportDataCard onExport={onExport} onCopy={jest.fn()} />);
    await act(async () => tap('导出我的数据'));
    expect(screen.getByText('请先完成实名认证（人脸核身）')).toBeTruthy();
    expect(isDisabled(button('导出我的数据'))).toBe(false);
    await act(async () => tap('导出我的数据'));
    expect(screen.queryByText('请先完成实名认证（人脸核身）')).toBeNull();
    expect(screen.getByText(/已下载/)).toBeTruthy();
  });
});
