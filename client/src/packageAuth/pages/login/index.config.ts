export default definePageConfig({ navigationBarTitleText: '登录与身份绑定' });
