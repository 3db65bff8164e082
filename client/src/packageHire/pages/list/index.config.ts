export default definePageConfig({ navigationBarTitleText: '我的申报', enablePullDownRefresh: true });
