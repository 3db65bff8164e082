/** 窗口工作人员登录: username and password (the accounts are set on the server, CLERK_ACCOUNTS). */
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';

export interface TClerkLoginFormProps {
  /** Logs in; throws with a Chinese message (e.g. 账号或密码错误). */
  onLogin(username: string, password: string): Promise<void>;
}

const errText = (e: unknown) => (e && typeof e === 'object' && 'message' in e ? String((e as Error).message) : String(e));

export default function ClerkLoginForm({ onLogin }: TClerkLoginFormProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async () => {
    setBusy(true);
    setError('');
    try {
      await onLogin(username.trim(), password);
    } catch (e) {
      setError(errText(e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='card'>
      <Text className='h1'>窗口工作人员登录</Text>
      <Text className='muted'>用于一窗受理、部门队列、超期督办与好差评回访。账号由系统管理员开通。</Text>
      <Text className='label'>账号</Text>
      <Input className='input' value={username} maxlength={64} placeholder='请输入账号' aria-label='账号' onInput={(e) => setUsername(e.detail.value)} />
      <Text className='label'>密码</Text>
      <Input className='input' value={password} password maxlength={256} placeholder='请输入密码' aria-label='密码' onInput={(e) => setPassword(e.detail.value)} />
      {error && <Text className='error'>{error}</Text>}
      <Button className='btn btn-primary' loading={busy} disabled={(busy || !username.trim() || !password) || undefined} onClick={submit}>
        登录
      </Button>
    </View>
  );
}
