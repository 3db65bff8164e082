/** 首页 (tab, main package — no UI kit): what the signed-in person can do, by role. */
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import PrivacyGate from '../../components/PrivacyGate';
import { usePageStyle } from '../../components/a11y';
import { cachedMe, errorText, fetchMe, getToken, type TMe } from '../../lib/api';
import './index.css';

const ITEMS = ['社保参保', '医保参保', '就业登记', '就业创业证', '劳动用工备案', '社保卡', '公积金开户'];

export default function Index() {
  const style = usePageStyle();
  const [me, setMe] = useState<TMe | undefined>(cachedMe());
  const [error, setError] = useState('');

  useDidShow(() => {
    if (!getToken()) {
      setMe(undefined);
      return;
    }
    fetchMe()
      .then((m) => {
        setMe(m);
        setError('');
      })
      .catch((e) => {
        setError(errorText(e));
        if (!getToken()) setMe(undefined);
      });
  });

  const go = (url: string) => Taro.navigateTo({ url });
  const roles = me?.roles ?? [];

  return (
    <View className='page home' style={style}>
      <PrivacyGate />
      <View className='card hero'>
        <Text className='h1'>入职一件事</Text>
        <Text className='muted'>企业录用员工：填一张表、最多三份材料，{ITEMS.length}个事项一次办结</Text>
        <View className='chips'>
          {ITEMS.map((i) => (
            <Text key={i} className='chip'>
              {i}
            </Text>
          ))}
        </View>
      </View>

      {error && <Text className='error'>{error}</Text>}

      {!me && (
        <View className='card'>
          <Text className='h2'>开始办理</Text>
          <Text className='muted'>企业人事（HR）通过电子营业执照授权绑定企业；新员工实名认证后查看自己的办理记录。</Text>
          <Button className='btn btn-primary' onClick={() => go('/packageAuth/pages/login/index')}>
            登录并选择身份
          </Button>
          <Button className='btn btn-secondary' onClick={() => go('/packageClerk/pages/login/index')}>
            窗口工作人员登录
          </Button>
        </View>
      )}

      {roles.includes('clerk') && (
        <View className='card'>
          <Text className='h2'>窗口工作人员</Text>
          <Text className='muted'>{me?.clerk?.name ?? ''}：一窗受理企业的录用申报，督办超期事项，回访差评</Text>
          <Button className='btn btn-primary' onClick={() => go('/packageClerk/pages/board/index')}>
            窗口工作台
          </Button>
          <Button className='btn btn-secondary' onClick={() => go('/packageHire/pages/wizard/index')}>
            一窗受理
          </Button>
        </View>
      )}

      {roles.includes('hr') && (
        <View className='card'>
          <Text className='h2'>企业人事</Text>
          <Text className='muted'>已绑定企业 {me?.enterprise}</Text>
          <Button className='btn btn-primary' onClick={() => go('/packageHire/pages/wizard/index')}>
            新录用一件事
          </Button>
          <Button className='btn btn-secondary' onClick={() => go('/packageHire/pages/list/index')}>
            我的申报
          </Button>
          <Button className='btn btn-secondary' onClick={() => go('/packageEmployee/pages/inbox/index')}>
            消息
          </Button>
        </View>
      )}

      {roles.includes('employee') && (
        <View className='card'>
          <Text className='h2'>员工</Text>
          <Text className='muted'>{me?.employee?.name}，查看单位为您办理的入职事项</Text>
          <Button className='btn btn-primary' onClick={() => go('/packageEmployee/pages/records/index')}>
            我的记录
          </Button>
        </View>
      )}

      {me && roles.length === 0 && me.kind !== 'clerk' && (
        <View className='card'>
          <Text className='h2'>尚未绑定身份</Text>
          <Button className='btn btn-primary' onClick={() => go('/packageAuth/pages/login/index')}>
            绑定企业或员工身份
          </Button>
        </View>
      )}
    </View>
  );
}
