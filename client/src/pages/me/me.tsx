/** 我的 (tab, main package): roles from GET /api/me, binding, logout. */
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { usePageStyle } from '../../components/a11y';
import { errorText, fetchMe, getToken, logout, type TMe } from '../../lib/api';

const ROLE_NAMES: Record<string, string> = { hr: '企业人事', employee: '员工', clerk: '窗口人员' };

export default function Me() {
  const style = usePageStyle();
  const [me, setMe] = useState<TMe>();
  const [error, setError] = useState('');

  const load = () => {
    if (!getToken()) return setMe(undefined);
    fetchMe()
      .then((m) => (setMe(m), setError('')))
      .catch((e) => setError(errorText(e)));
  };
  useDidShow(load);

  const go = (url: string) => Taro.navigateTo({ url });

  return (
    <View className='page' style={style}>
      <View className='card'>
        <Text className='h1'>我的</Text>
        {me ? (
          <View>
            <Text className='label'>身份：{me.roles.length ? me.roles.map((r) => ROLE_NAMES[r] ?? r).join('、') : '尚未绑定'}</Text>
            {me.enterprise && <Text className='label'>企业：{me.enterprise}</Text>}
            {me.employee && <Text className='label'>员工：{me.employee.name}</Text>}
            {me.clerk && <Text className='label'>窗口工作人员：{me.clerk.name}</Text>}
            <Text className='label muted'>登录有效期至 {me.expiresAt.replace('T', ' ').slice(0, 16)}</Text>
          </View>
        ) : (
          <Text className='muted'>未登录</Text>
        )}
        {error && <Text className='error'>{error}</Text>}
      </View>
      <View className='card'>
        {me?.roles.includes('clerk') ? (
          <Button className='btn btn-primary' onClick={() => go('/packageClerk/pages/board/index')}>
            窗口工作台
          </Button>
        ) : (
          <Button className='btn btn-primary' onClick={() => go('/packageAuth/pages/login/index')}>
            {me ? '绑定企业或员工身份' : '登录'}
          </Button>
        )}
        {!me && (
          <Button className='btn btn-secondary' onClick={() => go('/packageClerk/pages/login/index')}>
            窗口工作人员登录
          </Button>
        )}
        {me?.roles.includes('hr') && (
          <Button className='btn btn-secondary' onClick={() => go('/packageHire/pages/archive/index')}>
            一户一档（本企业档案）
          </Button>
        )}
        {me?.roles.includes('employee') && (
          <Button className='btn btn-secondary' onClick={() => go('/packageEmployee/pages/archive/index')}>
            一人一档（我的档案与访问记录）
          </Button>
        )}
        {me?.roles.includes('employee') && (
          <Button className='btn btn-secondary' onClick={() => go('/packageEmployee/pages/card/index')}>
            电子社保卡
          </Button>
        )}
        {me && me.roles.some((r) => r === 'hr' || r === 'employee') && (
          <Button className='btn btn-secondary' onClick={() => go('/packageEmployee/pages/inbox/index')}>
            消息
          </Button>
        )}
        {me && (
          <Button
            className='btn btn-secondary'
            onClick={() => {
              logout();
              setMe(undefined);
            }}
          >
            退出登录
          </Button>
        )}
      </View>
    </View>
  );
}
