/** @jest-environment jsdom */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { chooseNext } from '../../../test/nutui';
import { tap } from '../../../test/ui';
import { emptyMaterials, filingMaterials, type TDraftMaterials } from '../../lib/materials';
import MaterialsStep, { type TMaterialsServices } from './MaterialsStep';

const NOTICE = { version: '2026-11-v1', text: '为办理企业员工录用一件事，需收集员工有效身份证件照片。' };

function services(over: Partial<TMaterialsServices> = {}): jest.Mocked<TMaterialsServices> {
  let n = 0;
  return {
    getNotice: jest.fn(async () => NOTICE),
    recordConsent: jest.fn(async () => ({ consentId: 'cs_test', at: '2026-11-26T10:00:00.000Z' })),
    upload: jest.fn(async () => ({ materialId: `mt_${String(++n).padStart(16, '0')}`, sha256: 'a'.repeat(64), size: 200 * 1024, preview: 'blob:x' })),
    previewContract: jest.fn(async () => 'c'.repeat(64)),
    ...over,
  } as jest.Mocked<TMaterialsServices>;
}

/** The step with the draft's materials in state; `latest` is what the draft would save. */
function setup(s: TMaterialsServices, initial: TDraftMaterials = emptyMaterials()) {
  const latest = { current: initial };
  function Harness() {
    const [m, setM] = useState(initial);
    latest.current = m;
    return <MaterialsStep materials={m} onChange={(u) => setM((x) => u(x))} services={s} />;
  }
  render(<Harness />);
  return latest;
}

describe('材料', () => {
  it('asks the separate consent before any photo, then uploads photos that the filing names', async () => {
    const s = services();
    const latest = setup(s);
    await screen.findByText(NOTICE.text);
    expect(screen.queryByTestId('uploader')).toBeNull(); // no photo before consent
    tap('已阅读并同意，上传证件照片');
    await screen.findByText(/已单独同意/);
    expect(s.recordConsent).toHaveBeenCalledWith('2026-11-v1');

    chooseNext({ tempFilePath: 'blob:front' });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '选择文件' })));
    chooseNext({ tempFilePath: 'blob:back' });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '选择文件' })));
    await screen.findByText('已上传 2/4');
    expect(s.upload).toHaveBeenCalledWith('id_photo', { tempFilePath: 'blob:front' }, 'cs_test');
    expect(filingMaterials(latest.current).identityDocument).toEqual(['mt_0000000000000001', 'mt_0000000000000002']);

    // deleting one takes it out of the filing
    await act(async () => fireEvent.click(screen.getAllByRole('button', { name: '删除' })[0]!));
    expect(filingMaterials(latest.current).identityDocument).toEqual(['mt_0000000000000002']);
    expect(screen.getByText('已上传 1/4')).toBeTruthy();
  });

  it("shows the server's message when an upload is refused, and files nothing for it", async () => {
    const s = services({ upload: jest.fn(async () => Promise.reject(new Error('照片超过700KB，压缩后仍然过大，请重新拍摄'))) });
    const latest = setup(s, { ...emptyMaterials(), idPhotoChoice: 'upload', idPhotoConsent: { consentId: 'cs_x', noticeVersion: '2026-11-v1', at: '2026-11-26T10:00:00.000Z' } });
    chooseNext({ tempFilePath: 'blob:huge' });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '选择文件' })));
    await screen.findByText(/照片超过700KB/);
    expect(latest.current.idPhotos).toEqual([]);
  });

  it('lets the user decline photos (checked at the window) and change their mind', async () => {
    const latest = setup(services());
    await screen.findByText(NOTICE.text);
    tap('不同意，到窗口核验证件');
    expect(screen.getByText(/已选择不上传照片/)).toBeTruthy();
    expect(filingMaterials(latest.current).identityDocument).toEqual([]);
    tap('改为上传证件照片');
    await screen.findByText(NOTICE.text);
  });

  it('previews the generated contract and keeps its content hash; or takes scanned pages instead', async () => {
    const s = services();
    const latest = setup(s);
    tap('预览合同（Word 文档）');
    await screen.findByText(/合同内容指纹 SHA-256：cccccccc…cccccccc/);
    expect(latest.current.contract.previewSha256).toBe('c'.repeat(64));
    expect(filingMaterials(latest.current).laborContract).toEqual({ mode: 'generated' });

    fireEvent.click(screen.getByRole('radio', { name: '上传已签订的合同扫描件' }));
    chooseNext({ tempFilePath: 'blob:page1' });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '选择文件' })));
    await waitFor(() => expect(filingMaterials(latest.current).laborContract).toEqual({ mode: 'scanned', materialIds: ['mt_0000000000000001'] }));
    expect(s.upload).toHaveBeenCalledWith('contract_scan', { tempFilePath: 'blob:page1' }, undefined);
  });

  it('says why a preview failed (e.g. the form is not complete yet)', async () => {
    setup(services({ previewContract: jest.fn(async () => Promise.reject(new Error('请先完成前面各步：联系电话'))) }));
    tap('预览合同（Word 文档）');
    expect((await screen.findByRole('alert')).textContent).toContain('请先完成前面各步');
  });
});
