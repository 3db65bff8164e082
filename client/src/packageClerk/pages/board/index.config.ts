export default definePageConfig({ navigationBarTitleText: '窗口工作台', enablePullDownRefresh: true });
