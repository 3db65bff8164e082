/**
 * 一窗受理: the window clerk first names the enterprise the walk-in hire is
 * filed for (its 统一社会信用代码); the employer auto-fill then runs for it,
 * as it does for an HR contact's own enterprise.
 */
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { checkUscc } from '@/domain/identity/uscc';

export interface TWindowEnterpriseProps {
  /** The enterprise the draft is for, if one was chosen. */
  uscc?: string;
  enterpriseName?: string;
  /** Runs the auto-fill for this enterprise (a new draft when it is another enterprise). */
  onChoose(uscc: string): Promise<void>;
}

const errText = (e: unknown) => (e && typeof e === 'object' && 'message' in e ? String((e as Error).message) : String(e));
const normalize = (s: string) => s.replace(/\s+/g, '').toUpperCase();

export default function WindowEnterprise({ uscc, enterpriseName, onChoose }: TWindowEnterpriseProps) {
  const [typed, setTyped] = useState(uscc ?? '');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const choose = async () => {
    const code = normalize(typed);
    const check = checkUscc(code);
    if (!check.valid) return setError(check.errors[0]?.message ?? '统一社会信用代码不正确');
    setError('');
    setBusy(true);
    try {
      await onChoose(code);
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='card' aria-label='受理企业'>
      <Text className='h2'>一窗受理 · 受理企业</Text>
      <Text className='muted'>窗口代企业申报：先填写企业的统一社会信用代码，系统从市场监管数据自动填入单位信息。提交后记录为窗口代办，企业人事可在“我的申报”中看到。</Text>
      {uscc && enterpriseName && (
        <Text className='ok-text'>
          当前企业：{enterpriseName}（{uscc}）
        </Text>
      )}
      <Text className='label'>统一社会信用代码</Text>
      <Input className='input' value={typed} maxlength={18} placeholder='18位代码' aria-label='受理企业统一社会信用代码' onInput={(e) => setTyped(e.detail.value)} />
      {error && <Text className='error'>{error}</Text>}
      <Button className='btn btn-primary' loading={busy} disabled={(busy || normalize(typed).length !== 18) || undefined} onClick={choose}>
        {uscc && normalize(typed) === uscc ? '重新获取单位信息' : '确定并获取单位信息'}
      </Button>
    </View>
  );
}
