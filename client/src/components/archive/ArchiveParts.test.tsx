/** @jest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import type { TArchiveEntry, TArchiveHire, TArchiveView } from '@/domain/archives/archives';
import { mergeArchivePage, nextPageParams } from '../../lib/archive';
import { AccessLogList, actorText, CheckpointNote, HireList, LedgerList } from './ArchiveParts';

const hire: TArchiveHire = {
  id: 'HO20261126AAAA',
  filedAt: '2026-11-26T01:00:00.000Z',
  channel: 'window',
  enterpriseName: '乌海市海勃湾区示例能源有限公司',
  uscc: '91150302MA0N1A2B37',
  employee: { name: '测***甲', documentNumber: '150***********0020' },
  items: [
    { code: 'pension_insurance', name: '职工参保/续保登记（社会保险）', department: 'hrss', state: 'done', results: { personalSocialSecurityNo: '1503260000015' }, doneAt: '2026-11-26T01:00:02.000Z', history: [] },
    { code: 'social_security_card', name: '社会保障卡申领', department: 'hrss', state: 'processing', results: { cardNo: 'J1*****78' }, doneAt: null, history: [] },
  ],
  materials: { identityDocument: [], laborContract: { mode: 'generated', template: '劳动合同（通用）', contentSha256: 'c'.repeat(64) } },
  rating: { level: '满意', at: '2026-11-27T00:00:00.000Z' },
};
const entry = (index: number, proof: boolean): TArchiveEntry => ({
  index,
  eventId: `e${index}`,
  at: '2026-11-26T01:00:00.000Z',
  type: 'autofill.lookup',
  title: '查询个人或企业信息',
  actor: 'clerk:clerk01',
  data: {},
  entryBase64: 'e30=',
  leafHashBase64: 'A'.repeat(44),
  proof: proof ? { treeSize: 9, auditPath: ['x', 'y', 'z'] } : null,
});

describe('一户一档 / 一人一档 parts', () => {
  it('shows each hire with its items’ results, the materials’ fingerprints and the channel', () => {
    const onOpen = jest.fn();
    render(<HireList hires={[hire]} showEnterprise onOpen={onOpen} />);
    expect(screen.getByText('窗口受理')).toBeTruthy();
    expect(screen.getByText('1/2 个事项已办结')).toBeTruthy();
    expect(screen.getByText('个人社保编号：1503260000015')).toBeTruthy();
    expect(screen.getByText('社会保障卡卡号：J1*****78')).toBeTruthy();
    expect(screen.getByText(/劳动合同：按申请表生成（SHA-256 cccccccccc…cccccc）/)).toBeTruthy();
    expect(screen.getByText('身份证件照片：未上传，窗口核验')).toBeTruthy();
    expect(screen.getByText('好差评：满意')).toBeTruthy();
    expect(screen.getByText(/乌海市海勃湾区示例能源有限公司 · 2026-11-26 09:00 提交/)).toBeTruthy();
    fireEvent.click(screen.getByText('查看办理详情'));
    expect(onOpen).toHaveBeenCalledWith('HO20261126AAAA');
  });

  it('marks entries proven by the checkpoint and those waiting for the next', () => {
    render(
      <div>
        <CheckpointNote checkpoint={{ origin: 'o', size: 9, rootHashBase64: 'R'.repeat(44), text: '' }} available />
        <LedgerList entries={[entry(3, true), entry(10, false)]} />
      </div>,
    );
    expect(screen.getByText(/最新签名检查点：共 9 条记录/)).toBeTruthy();
    expect(screen.getByLabelText('存证记录 3').textContent).toContain('已存证');
    expect(screen.getByLabelText('存证记录 3').textContent).toContain('证明路径 3 个节点（树大小 9）');
    expect(screen.getByLabelText('存证记录 10').textContent).toContain('待下一检查点');
    expect(screen.getByLabelText('存证记录 3').textContent).toContain('窗口工作人员 clerk01');
  });

  it('says when the ledger is not there', () => {
    render(<CheckpointNote checkpoint={null} available={false} />);
    expect(screen.getByText('存证账本尚未启用。')).toBeTruthy();
  });

  it('lists who looked up or opened the person’s data', () => {
    render(
      <AccessLogList
        items={[
          { at: '2026-11-26T02:00:00.000Z', who: '窗口工作人员', actor: 'clerk:clerk01', purpose: '查看身份证件照片', applicationId: 'HO1', eventId: 'open:1' },
          { at: '2026-11-26T01:00:00.000Z', who: '企业人事（示例能源）', actor: 'hr:oAbc…@9115', purpose: '录用登记自动填充', sources: ['公安', '人社部'] },
        ]}
      />,
    );
    expect(screen.getByLabelText('访问记录 1').textContent).toContain('查看身份证件照片');
    expect(screen.getByLabelText('访问记录 1').textContent).toContain('已写入存证账本');
    expect(screen.getByLabelText('访问记录 2').textContent).toContain('录用登记自动填充（数据来源：公安、人社部）');
    expect(actorText('department:hrss')).toBe('部门业务系统');
  });

  it('says so when nobody else looked', () => {
    render(<AccessLogList items={[]} />);
    expect(screen.getByText('暂无他人查询或查看您信息的记录')).toBeTruthy();
  });
});

describe('paging a file', () => {
  const view: TArchiveView = {
    subject: { kind: 'person', name: '测***甲', documentNumber: null },
    checkpoint: null,
    hires: { items: [hire], nextCursor: 1 },
    ledger: { available: true, total: 3, entries: [entry(0, false)], nextCursor: 0 },
    accessLog: { items: [], nextCursor: 20 },
  };
  it('asks each part for its own next page and appends it', () => {
    expect(nextPageParams(view, 'hires')).toEqual({ part: 'hires', cursor: 1 });
    expect(nextPageParams(view, 'ledger')).toEqual({ part: 'ledger', ledgerCursor: 0 });
    expect(nextPageParams(view, 'access')).toEqual({ part: 'access', accessCursor: 20 });
    const page: TArchiveView = { ...view, checkpoint: { origin: 'o', size: 2, rootHashBase64: 'r', text: '' }, hires: { items: [] }, ledger: { available: true, total: 3, entries: [entry(1, true), entry(2, false)] } };
    const merged = mergeArchivePage(view, 'ledger', page);
    expect(merged.ledger.entries.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(merged.ledger.nextCursor).toBeUndefined();
    expect(merged.checkpoint?.size).toBe(2);
    expect(merged.hires).toBe(view.hires);
    expect(nextPageParams(merged, 'ledger')).toBeUndefined();
  });
});
