export default definePageConfig({ navigationBarTitleText: '新录用一件事' });
