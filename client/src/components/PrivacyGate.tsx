/**
 * First-run privacy notice. weapp: WeChat's privacy flow (wx.getPrivacySetting,
 * wx.onNeedPrivacyAuthorization, a button with open-type="agreePrivacyAuthorization").
 * H5: a plain notice the user accepts once (stored).
 */
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { STORAGE_KEYS } from '../lib/kv';
import { taroStore } from '../lib/taro-kv';
import { isH5 } from './a11y';
import './PrivacyGate.css';

type TResolve = (r: { event: 'agree' | 'disagree'; buttonId?: string }) => void;

export default function PrivacyGate() {
  const [show, setShow] = useState(false);
  const pending = useRef<TResolve | null>(null);

  useEffect(() => {
    if (isH5) {
      if (!taroStore.get(STORAGE_KEYS.privacyAccepted)) setShow(true);
      return;
    }
    const wxApi = Taro as unknown as {
      getPrivacySetting?: (o: { success: (r: { needAuthorization: boolean }) => void }) => void;
      onNeedPrivacyAuthorization?: (cb: (resolve: TResolve) => void) => void;
    };
    wxApi.getPrivacySetting?.({ success: (r) => r.needAuthorization && setShow(true) });
    wxApi.onNeedPrivacyAuthorization?.((resolve) => {
      pending.current = resolve;
      setShow(true);
    });
  }, []);

  if (!show) return null;

  const agreeH5 = () => {
    taroStore.set(STORAGE_KEYS.privacyAccepted, new Date().toISOString());
    setShow(false);
  };
  const agreeWeapp = () => {
    pending.current?.({ event: 'agree', buttonId: 'privacy-agree' });
    pending.current = null;
    setShow(false);
  };
  const disagree = () => {
    pending.current?.({ event: 'disagree' });
    pending.current = null;
    setShow(false);
  };
  const openContract = () => {
    (Taro as unknown as { openPrivacyContract?: (o: object) => void }).openPrivacyContract?.({});
  };

  return (
    <View className='privacy-mask' role='dialog' aria-modal='true' aria-label='隐私保护提示'>
      <View className='privacy-box'>
        <Text className='h2'>隐私保护提示</Text>
        <Text className='privacy-text'>
          为办理“企业员工录用一件事”，我们会处理您或员工的姓名、证件号码、联系电话、劳动合同信息，并向市场监管、公安、人社、医保、公积金等部门核验和报送。
          证件号码加密保存，列表中只显示部分号码。
        </Text>
        {!isH5 && (
          <Text className='privacy-link' onClick={openContract}>
            查看《小程序用户隐私保护指引》
          </Text>
        )}
        {isH5 ? (
          <Button className='btn btn-primary' onClick={agreeH5} aria-label='同意并继续'>
            同意并继续
          </Button>
        ) : (
          <Button id='privacy-agree' className='btn btn-primary' openType={'agreePrivacyAuthorization' as never} onAgreePrivacyAuthorization={agreeWeapp as never}>
            同意并继续
          </Button>
        )}
        {!isH5 && (
          <Button className='btn btn-secondary' onClick={disagree}>
            暂不同意
          </Button>
        )}
      </View>
    </View>
  );
}
