export * from './wechat';
