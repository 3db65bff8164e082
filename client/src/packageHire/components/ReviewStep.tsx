/** 核对提交: the seven-item pre-check, the three materials, who files, and the one submit button. */
import { Button, Text, View } from '@tarojs/components';
import type { THireCheck } from '@/domain/precheck/check-hire';
import { precheckRows, type TFindingTarget } from '../../lib/form-state';
import type { TMaterialNote } from '../../lib/materials';
import PrecheckPanel from './PrecheckPanel';

export interface TReviewStepProps {
  check: THireCheck;
  materials: { applicationForm: TMaterialNote; identityDocument: TMaterialNote; laborContract: TMaterialNote };
  filer: string;
  today: string;
  submitting: boolean;
  /** The draft was filed before (a retry files nothing new). */
  resubmit: boolean;
  onSubmit(): void;
  onJump(target: TFindingTarget): void;
  onOpenMaterials(): void;
}

const MARK = { ok: '✓', warn: '!', block: '✕' } as const;
const MATERIAL_NAMES = { applicationForm: '申请表', identityDocument: '有效身份证件', laborContract: '劳动合同' } as const;

export default function ReviewStep(props: TReviewStepProps) {
  const { check, materials } = props;
  const materialBlock = Object.values(materials).some((n) => n.level === 'block');
  const blocked = check.status === 'block' || materialBlock;
  return (
    <View>
      <View className='card'>
        <Text className='h2'>七个事项预检</Text>
        <Text className='muted'>
          {check.status === 'block' ? '有事项无法办理，请点击问题去修改' : check.status === 'warn' ? '可以提交，请留意黄色提示' : '全部事项均可办理'}
        </Text>
        <Text className='label'>
          填报人：{props.filer || '（单位联系人）'}　填报日期：{props.today}
        </Text>
      </View>
      <PrecheckPanel rows={precheckRows(check)} onJump={props.onJump} />
      <View className='card' aria-label='材料'>
        <Text className='h2'>材料（{Object.keys(materials).length}份）</Text>
        {(Object.keys(materials) as (keyof typeof materials)[]).map((k) => (
          <View key={k} className={`rv-material rv-${materials[k].level}`} onClick={k === 'applicationForm' ? undefined : props.onOpenMaterials} role={k === 'applicationForm' ? undefined : 'button'}>
            <Text>
              {MARK[materials[k].level]} {MATERIAL_NAMES[k]}：{materials[k].message}
            </Text>
          </View>
        ))}
      </View>
      <Button className='btn btn-primary' disabled={blocked || props.submitting || undefined} loading={props.submitting} onClick={props.onSubmit}>
        {props.resubmit ? '再次提交（同一申请不会重复办理）' : '提交，七个事项一次办理'}
      </Button>
      {blocked && <Text className='muted'>{materialBlock && check.status !== 'block' ? '请先补齐材料' : '请先修改标红的问题'}</Text>}
    </View>
  );
}
