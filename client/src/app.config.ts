export default defineAppConfig({
  // Main package: tab pages only (no UI kit here; NutUI lives in the subpackages).
  pages: ['pages/index/index', 'pages/me/me'],
  subPackages: [
    { root: 'packageHire', pages: ['pages/wizard/index', 'pages/list/index', 'pages/detail/index', 'pages/archive/index'] },
    { root: 'packageEmployee', pages: ['pages/records/index', 'pages/card/index', 'pages/inbox/index', 'pages/archive/index'] },
    { root: 'packageAuth', pages: ['pages/login/index'] },
    // window clerks: login, and the board (queues, overdue board, statistics, follow-ups of bad ratings)
    { root: 'packageClerk', pages: ['pages/login/index', 'pages/board/index'] },
  ],
  tabBar: {
    color: '#5c6370',
    selectedColor: '#1f5fbf',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-on.png' },
      { pagePath: 'pages/me/me', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-on.png' },
    ],
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '入职一件事',
    navigationBarTextStyle: 'black',
  },
  // wx.onNeedPrivacyAuthorization requires this (base library ≥ 2.32.3).
  __usePrivacyCheck__: true,
});
