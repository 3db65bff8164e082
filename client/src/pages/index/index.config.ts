export default definePageConfig({
  navigationBarTitleText: '入职一件事',
});
