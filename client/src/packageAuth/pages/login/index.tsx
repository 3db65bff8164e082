/**
 * Login and role binding. weapp: Taro.login → POST /api/auth/login; HR binds
 * through the enterprise's 电子营业执照 authorization; an employee through 公安
 * data + WeChat 人脸核身. H5 has no WeChat: a clearly labelled 开发模式 plays
 * the missing parts against the simulators.
 */
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { isH5, usePageStyle } from '../../../components/a11y';
import {
  ApiError,
  bindEnterprise,
  errorText,
  fetchMe,
  finishEmployeeVerify,
  getToken,
  login,
  simulateElicenseAuthorize,
  simulateFacialVerify,
  startEmployeeVerify,
  type TMe,
} from '../../../lib/api';
import { STORAGE_KEYS } from '../../../lib/kv';
import { taroStore } from '../../../lib/taro-kv';
import './index.css';

function fieldError(e: unknown, key: string): string | undefined {
  return e instanceof ApiError ? e.fields[key] : undefined;
}

function requestFacialVerify(verifyId: string): Promise<void> {
  const wxApi = (globalThis as unknown as { wx?: { requestFacialVerify?: (o: object) => void } }).wx;
  return new Promise((resolve, reject) => {
    if (!wxApi?.requestFacialVerify) return reject(new Error('当前微信版本不支持人脸核身'));
    wxApi.requestFacialVerify({ verifyId, success: () => resolve(), fail: (e: { errMsg?: string }) => reject(new Error(e?.errMsg ?? '人脸核身未通过')) });
  });
}

export default function Login() {
  const style = usePageStyle();
  const [me, setMe] = useState<TMe>();
  const [busy, setBusy] = useState('');
  const [error, setError] = useState<unknown>();
  const [devCode, setDevCode] = useState('h5-dev-hr-0001');
  const [uscc, setUscc] = useState('');
  const [authCode, setAuthCode] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [name, setName] = useState('');
  const [notice, setNotice] = useState('');

  useEffect(() => {
    if (getToken()) fetchMe().then(setMe).catch(() => undefined);
  }, []);

  const run = async (label: string, fn: () => Promise<void>) => {
    setBusy(label);
    setError(undefined);
    setNotice('');
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy('');
    }
  };

  const doLogin = () =>
    run('login', async () => {
      const code = isH5 ? devCode.trim() : (await Taro.login()).code;
      if (!code) throw new Error('请填写模拟登录 code');
      await login(code);
      if (isH5) taroStore.set(STORAGE_KEYS.devLoginCode, code);
      setMe(await fetchMe());
    });

  const doSimAuthorize = () =>
    run('authorize', async () => {
      setAuthCode(await simulateElicenseAuthorize(uscc.trim().toUpperCase()));
      setNotice('已取得模拟授权码');
    });

  const doBindHr = () =>
    run('bind', async () => {
      await bindEnterprise(uscc.trim().toUpperCase(), authCode.trim());
      setMe(await fetchMe());
      setNotice('企业绑定成功');
    });

  const doVerify = () =>
    run('verify', async () => {
      const { verifyId } = await startEmployeeVerify({ idType: 'citizen_id', idNumber: idNumber.trim(), name: name.trim() });
      if (isH5) await simulateFacialVerify(verifyId);
      else await requestFacialVerify(verifyId);
      await finishEmployeeVerify(verifyId);
      setMe(await fetchMe());
      setNotice('实名认证成功');
    });

  const done = () => Taro.switchTab({ url: '/pages/index/index' });
  const msg = error ? errorText(error) : '';

  return (
    <View className='page' style={style}>
      {isH5 && (
        <View className='card dev-card'>
          <Text className='dev-tag'>开发模式</Text>
          <Text className='muted'>H5 中没有微信：登录 code、电子营业执照授权和人脸核身由本地模拟器代替，仅供开发调试。</Text>
        </View>
      )}

      <View className='card'>
        <Text className='h2'>1. 登录</Text>
        {me ? (
          <Text className='ok-text'>已登录{me.roles.length ? `（${me.roles.join('、')}）` : '，请绑定身份'}</Text>
        ) : isH5 ? (
          <View>
            <Text className='label'>模拟登录 code（开发模式）</Text>
            <Input className='input' value={devCode} onInput={(e) => setDevCode(e.detail.value)} aria-label='模拟登录 code' />
          </View>
        ) : (
          <Text className='muted'>使用微信身份登录</Text>
        )}
        <Button className='btn btn-primary' loading={busy === 'login'} disabled={(!!busy) || undefined} onClick={doLogin}>
          {me ? '重新登录' : isH5 ? '模拟登录' : '微信登录'}
        </Button>
      </View>

      {me && (
        <View className='card'>
          <Text className='h2'>2a. 我是企业人事（HR）</Text>
          <Text className='muted'>需企业法定代表人在电子营业执照中授权，仅填写法定代表人姓名不能证明身份。</Text>
          <Text className='label'>统一社会信用代码</Text>
          <Input className='input' value={uscc} maxlength={18} placeholder='18位代码' onInput={(e) => setUscc(e.detail.value)} aria-label='统一社会信用代码' />
          {fieldError(error, 'uscc') && <Text className='error'>{fieldError(error, 'uscc')}</Text>}
          {isH5 ? (
            <Button className='btn btn-secondary' disabled={(!!busy || uscc.trim().length !== 18) || undefined} loading={busy === 'authorize'} onClick={doSimAuthorize}>
              模拟法定代表人授权（开发模式）
            </Button>
          ) : (
            <Text className='muted'>请法定代表人在“电子营业执照”小程序中授权后，填入授权码。</Text>
          )}
          <Text className='label'>授权码</Text>
          <Input className='input' value={authCode} onInput={(e) => setAuthCode(e.detail.value)} aria-label='电子营业执照授权码' />
          <Button className='btn btn-primary' disabled={(!!busy || !uscc || !authCode) || undefined} loading={busy === 'bind'} onClick={doBindHr}>
            绑定企业
          </Button>
        </View>
      )}

      {me && (
        <View className='card'>
          <Text className='h2'>2b. 我是新员工</Text>
          <Text className='muted'>证件号码和姓名经公安核验，再通过微信人脸核身确认是本人。</Text>
          <Text className='label'>证件类型：居民身份证</Text>
          <Text className='label'>证件号码</Text>
          <Input className='input' type='idcard' maxlength={18} value={idNumber} onInput={(e) => setIdNumber(e.detail.value)} aria-label='证件号码' />
          {fieldError(error, 'idNumber') && <Text className='error'>{fieldError(error, 'idNumber')}</Text>}
          <Text className='label'>姓名</Text>
          <Input className='input' value={name} onInput={(e) => setName(e.detail.value)} aria-label='姓名' />
          {fieldError(error, 'name') && <Text className='error'>{fieldError(error, 'name')}</Text>}
          <Button className='btn btn-primary' disabled={(!!busy || !idNumber || !name) || undefined} loading={busy === 'verify'} onClick={doVerify}>
            {isH5 ? '实名认证（模拟人脸核身通过）' : '开始人脸核身'}
          </Button>
        </View>
      )}

      {msg && (
        <Text className='error'>
          {msg}
        </Text>
      )}
      {notice && <Text className='ok-text notice'>{notice}</Text>}
      {me && me.roles.length > 0 && (
        <Button className='btn btn-secondary' onClick={done}>
          完成，返回首页
        </Button>
      )}
    </View>
  );
}
