/** 窗口工作人员登录 → POST /api/auth/clerk-login, then the clerk's board. */
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { usePageStyle } from '../../../components/a11y';
import { clerkLogin, fetchMe } from '../../../lib/api';
import ClerkLoginForm from '../../components/ClerkLoginForm';

export default function ClerkLogin() {
  const style = usePageStyle();
  return (
    <View className='page' style={style}>
      <ClerkLoginForm
        onLogin={async (username, password) => {
          await clerkLogin(username, password);
          await fetchMe();
          Taro.showToast({ title: '登录成功', icon: 'success' });
          await Taro.redirectTo({ url: '/packageClerk/pages/board/index' });
        }}
      />
    </View>
  );
}
