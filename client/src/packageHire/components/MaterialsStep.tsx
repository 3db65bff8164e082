/**
 * 材料: the seed's three materials. The application form is the filing
 * itself; ID document photos only after a separate consent for sensitive
 * personal information (or none: checked at the window); the labor contract
 * generated from the form (previewable) or the signed one scanned page by page.
 */
import { Radio, Uploader, type UploaderFileItem } from '@nutui/nutui-react-taro';
import { Button, Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { MATERIALS } from '@/domain/items/catalog';
import { MAX_CONTRACT_PAGES, MAX_ID_PHOTOS, sizeText, type TDraftMaterials, type TUploaded } from '../../lib/materials';
import type { TChosenFile } from '../../lib/files';
import './MaterialsStep.css';

export interface TMaterialsServices {
  getNotice(): Promise<{ version: string; text: string }>;
  recordConsent(noticeVersion: string): Promise<{ consentId: string; at: string }>;
  /** Reads, fits and uploads one chosen file. */
  upload(kind: 'id_photo' | 'contract_scan', file: TChosenFile, consentId?: string): Promise<TUploaded>;
  /** The generated contract for the current draft: opens it, returns its content hash. */
  previewContract(): Promise<string>;
}

export interface TMaterialsStepProps {
  materials: TDraftMaterials;
  onChange(update: (m: TDraftMaterials) => TDraftMaterials): void;
  services: TMaterialsServices;
}

const short = (sha: string) => `${sha.slice(0, 8)}…${sha.slice(-8)}`;
const errText = (e: unknown) => (e && typeof e === 'object' && 'message' in e ? String((e as Error).message) : String(e));

/** One Uploader bound to a list of uploaded materials in the draft. */
function MaterialUploader(props: {
  kind: 'id_photo' | 'contract_scan';
  label: string;
  max: number;
  items: TUploaded[];
  consentId?: string;
  services: TMaterialsServices;
  onAdd(u: TUploaded): void;
  onRemove(materialId: string): void;
}) {
  const ids = useRef(new WeakMap<object, string>());
  const [message, setMessage] = useState('');
  const [initial] = useState<UploaderFileItem[]>(() =>
    props.items.map((u, i) => ({ uid: u.materialId, name: `${props.label}${i + 1}`, url: u.preview ?? '', status: 'success', message: sizeText(u.size), type: 'image' })),
  );
  return (
    <View className='mt-uploader'>
      <Uploader
        defaultValue={initial}
        maxCount={props.max}
        multiple
        maxFileSize={20 * 1024 * 1024}
        mediaType={['image']}
        sizeType={['compressed']}
        sourceType={['album', 'camera']}
        uploadLabel={props.label}
        aria-label={`上传${props.label}`}
        upload={async (file: unknown) => {
          setMessage('');
          try {
            const u = await props.services.upload(props.kind, file as TChosenFile, props.consentId);
            ids.current.set(file as object, u.materialId);
            props.onAdd(u);
            return { url: u.preview ?? '', status: 'success', message: sizeText(u.size) } satisfies UploaderFileItem;
          } catch (e) {
            setMessage(errText(e));
            throw e;
          }
        }}
        onOverCount={() => setMessage(`最多上传${props.max}张`)}
        onDelete={(item: UploaderFileItem) => {
          const id = (item.file && ids.current.get(item.file)) ?? (typeof item.uid === 'string' && item.uid.startsWith('mt_') ? item.uid : undefined);
          if (id) props.onRemove(id);
        }}
      />
      <Text className='muted mt-count'>
        已上传 {props.items.length}/{props.max}
      </Text>
      {message && (
        <View role='alert'>
          <Text className='error'>{message}</Text>
        </View>
      )}
    </View>
  );
}

export default function MaterialsStep({ materials, onChange, services }: TMaterialsStepProps) {
  const [notice, setNotice] = useState<{ version: string; text: string }>();
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');
  const consent = materials.idPhotoConsent;

  useEffect(() => {
    if (consent || materials.idPhotoChoice === 'window') return;
    let live = true;
    services
      .getNotice()
      .then((n) => live && setNotice(n))
      .catch((e) => live && setError(errText(e)));
    return () => {
      live = false;
    };
  }, [consent, materials.idPhotoChoice, services]);

  const agree = async () => {
    if (!notice) return;
    setBusy('consent');
    setError('');
    try {
      const r = await services.recordConsent(notice.version);
      onChange((m) => ({ ...m, idPhotoChoice: 'upload', idPhotoConsent: { consentId: r.consentId, noticeVersion: notice.version, at: r.at } }));
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy('');
    }
  };

  const preview = async () => {
    setBusy('preview');
    setError('');
    try {
      const sha = await services.previewContract();
      onChange((m) => ({ ...m, contract: { ...m.contract, previewSha256: sha } }));
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy('');
    }
  };

  return (
    <View className='materials'>
      <Text className='muted'>最多三份材料，其余信息均由部门共享数据核验。</Text>

      <View className='card mt-card'>
        <Text className='h2'>1. {MATERIALS.application_form.name}</Text>
        <Text className='mt-ok'>✓ {MATERIALS.application_form.note}</Text>
      </View>

      <View className='card mt-card'>
        <Text className='h2'>2. {MATERIALS.identity_document.name}</Text>
        {materials.idPhotoChoice === 'window' ? (
          <View>
            <Text className='mt-warn'>已选择不上传照片：员工办理时需携带身份证件到窗口核验。</Text>
            <Button className='btn btn-secondary' onClick={() => onChange((m) => ({ ...m, idPhotoChoice: consent ? 'upload' : undefined }))}>
              改为上传证件照片
            </Button>
          </View>
        ) : !consent ? (
          <View className='mt-consent' aria-label='身份证件照片单独同意'>
            <Text className='mt-consent-title'>敏感个人信息单独告知</Text>
            <Text className='mt-consent-text'>{notice ? notice.text : '正在读取告知书…'}</Text>
            {notice && <Text className='muted'>告知书版本 {notice.version}</Text>}
            <Button className='btn btn-primary' disabled={!notice || busy === 'consent' || undefined} loading={busy === 'consent'} onClick={agree}>
              已阅读并同意，上传证件照片
            </Button>
            <Button className='btn btn-secondary' onClick={() => onChange((m) => ({ ...m, idPhotoChoice: 'window' }))}>
              不同意，到窗口核验证件
            </Button>
          </View>
        ) : (
          <View>
            <Text className='muted'>
              已单独同意（{consent.at.slice(0, 16).replace('T', ' ')}，告知书 {consent.noticeVersion}）。请拍摄证件正反面，照片加密保存，所有事项受理后删除。
            </Text>
            <MaterialUploader
              kind='id_photo'
              label='证件照片'
              max={MAX_ID_PHOTOS}
              items={materials.idPhotos}
              consentId={consent.consentId}
              services={services}
              onAdd={(u) => onChange((m) => ({ ...m, idPhotos: [...m.idPhotos.filter((p) => p.materialId !== u.materialId), u] }))}
              onRemove={(id) => onChange((m) => ({ ...m, idPhotos: m.idPhotos.filter((p) => p.materialId !== id) }))}
            />
            <Button className='btn btn-secondary' onClick={() => onChange((m) => ({ ...m, idPhotoChoice: 'window' }))}>
              不上传，到窗口核验证件
            </Button>
          </View>
        )}
      </View>

      <View className='card mt-card'>
        <Text className='h2'>3. {MATERIALS.labor_contract.name}</Text>
        <Radio.Group
          value={materials.contract.mode}
          onChange={(v) => onChange((m) => ({ ...m, contract: { ...m.contract, mode: v === 'scanned' ? 'scanned' : 'generated' } }))}
          aria-label='劳动合同的提供方式'
        >
          <Radio value='generated' className='mt-radio'>
            按申请表生成《劳动合同（通用）》
          </Radio>
          <Radio value='scanned' className='mt-radio'>
            上传已签订的合同扫描件
          </Radio>
        </Radio.Group>
        {materials.contract.mode === 'generated' ? (
          <View>
            <Text className='muted'>合同条款取自本次填报（岗位、期限、工时、工资、试用期），签订后无需再上传。</Text>
            <Button className='btn btn-secondary' disabled={busy === 'preview' || undefined} loading={busy === 'preview'} onClick={preview}>
              预览合同（Word 文档）
            </Button>
            {materials.contract.previewSha256 && <Text className='muted mt-hash'>合同内容指纹 SHA-256：{short(materials.contract.previewSha256)}（提交时一并留存）</Text>}
          </View>
        ) : (
          <MaterialUploader
            kind='contract_scan'
            label='合同页'
            max={MAX_CONTRACT_PAGES}
            items={materials.contract.scans}
            services={services}
            onAdd={(u) => onChange((m) => ({ ...m, contract: { ...m.contract, scans: [...m.contract.scans.filter((p) => p.materialId !== u.materialId), u] } }))}
            onRemove={(id) => onChange((m) => ({ ...m, contract: { ...m.contract, scans: m.contract.scans.filter((p) => p.materialId !== id) } }))}
          />
        )}
      </View>

      {error && (
        <View role='alert'>
          <Text className='error'>{error}</Text>
        </View>
      )}
    </View>
  );
}
