export * from './wechat';
export * from './subscribe-rules';
