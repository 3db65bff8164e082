export default definePageConfig({ navigationBarTitleText: '窗口工作人员登录' });
